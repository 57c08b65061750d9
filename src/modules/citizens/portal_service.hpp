// PortalService: the citizen's side of the registry. A citizen proves an e-mail address or phone number with a
// one-time code, gets a portal session, registers (or, with a contact already registered, reaches their
// registration), keeps it up to date, grants and withdraws consent per channel, downloads everything held about
// them, links their Zalo account and asks for erasure.
//
// Contract:
//   - Codes: 6 digits, valid 10 minutes, 5 attempts, stored as a keyed digest; at most 3 codes per contact in 15
//     minutes (kResourceExhausted with a retry time). Asking for a code never reveals whether the contact is
//     registered.
//   - Sessions: 256-bit random tokens (only their SHA-256 is stored), 30 minutes, with a CSRF token that every
//     change must carry.
//   - The verified contact stays the registration's contact: a registration made through the portal always holds
//     the address or number its session proved.
//   - Every read, change, consent, export and erasure is audited with the actor "citizen:<reference>".
//
// Thread-safety: safe for concurrent use.
#pragma once

#include <boost/json/fwd.hpp>
#include <functional>
#include <optional>
#include <string>

#include "modules/citizens/citizens_service.hpp"

namespace chancery::citizens {

enum class ContactKind { kEmail, kPhone };

struct Contact {
  ContactKind kind = ContactKind::kEmail;
  std::string value;  // normalised
};

// Sends a one-time code to a contact, in the citizen's language. kUnavailable when the channel cannot send now.
using CodeSender = std::function<Status(const Contact& contact, const std::string& code, const std::string& language)>;

struct PortalSession {
  std::string token;  // only when just created
  std::string csrf_token;
  Contact contact;
  std::optional<std::int64_t> citizen_id;
  std::int64_t expires_at_ms = 0;
};

struct PortalOptions {
  std::int64_t code_ttl_ms = 10 * 60 * 1000;
  int code_attempts = 5;
  int codes_per_window = 3;
  std::int64_t code_window_ms = 15 * 60 * 1000;
  std::int64_t session_ttl_ms = 30 * 60 * 1000;
  std::int64_t link_code_ttl_ms = 24 * 60 * 60 * 1000;
};

class PortalService {
 public:
  PortalService(CitizensService& citizens, const crypto::FieldCipher& cipher, CodeSender sender,
                PortalOptions options = {});

  // "name@example.org" or "+33 6 12 34 56 78" → a normalised contact; kInvalidArgument otherwise.
  static Result<Contact> ParseContact(std::string_view text);

  Status RequestCode(std::string_view contact, const std::string& language, const std::string& remote_address);
  // A new session for the contact when the code is right (kPermissionDenied otherwise, saying how many attempts
  // remain; kFailedPrecondition when the code expired or was used up).
  Result<PortalSession> VerifyCode(std::string_view contact, std::string_view code, const std::string& remote_address);
  // The session of a token (sliding: each use extends it); kUnauthenticated when unknown or expired.
  Result<PortalSession> Authenticate(std::string_view token);
  Status LogOut(std::string_view token);

  // Registers the session's contact; kAlreadyExists when the session already has a registration.
  Result<Citizen> Register(PortalSession& session, Profile profile, const std::vector<ConsentChoice>& consents,
                           const std::string& remote_address);
  Result<Citizen> Mine(const PortalSession& session, const std::string& remote_address);
  Result<Citizen> UpdateMine(const PortalSession& session, Profile profile, const std::string& remote_address);
  Status SetMyConsent(const PortalSession& session, ConsentChoice choice, const std::string& remote_address);
  Result<boost::json::object> ExportMine(const PortalSession& session);
  Status EraseMine(const PortalSession& session, const std::string& remote_address);
  // A short code (e.g. "DK 4827") the citizen sends to the mission's Zalo Official Account, valid one day.
  Result<std::string> NewZaloLinkCode(const PortalSession& session);
  // Called by the Zalo webhook: when `text` holds a valid link code, links that Zalo user to its registration and
  // returns the registration's id; nullopt when the text holds no valid code.
  Result<std::optional<std::int64_t>> LinkZaloByCode(std::string_view text, std::string_view zalo_user_id,
                                                     std::int64_t zalo_account_id);
  // Stores (or with nullopt forgets) the browser's web push subscription (the PushSubscription JSON).
  Status SetPushSubscription(const PortalSession& session, const std::optional<std::string>& subscription_json);

 private:
  std::string ContactIndex(const Contact& contact) const;
  std::string CodeDigest(const std::string& contact_index, std::string_view code) const;
  Result<std::int64_t> RequireCitizen(const PortalSession& session) const;
  Status AuditCitizen(storage::Transaction& transaction, std::int64_t citizen_id, const std::string& reference,
                      const std::string& country, std::string action, const std::string& remote_address,
                      std::string detail_json = "{}");

  CitizensService& citizens_;
  const crypto::FieldCipher& cipher_;
  CodeSender sender_;
  PortalOptions options_;
};

}  // namespace chancery::citizens
