#include "modules/citizens/portal_service.hpp"

#include <boost/json.hpp>

#include "modules/citizens/profile_rules.hpp"

namespace chancery::citizens {
namespace {

namespace json = boost::json;
using storage::Row;
using storage::Transaction;

std::string Actor(const std::string& reference) { return "citizen:" + reference; }

std::string NewCode() {
  const std::string random = crypto::RandomBytes(4);
  std::uint32_t value = 0;
  for (unsigned char byte : random) value = (value << 8) | byte;
  std::string code = std::to_string(value % 1000000);
  return std::string(6 - code.size(), '0') + code;
}

}  // namespace

PortalService::PortalService(CitizensService& citizens, const crypto::FieldCipher& cipher, CodeSender sender,
                             PortalOptions options)
    : citizens_(citizens), cipher_(cipher), sender_(std::move(sender)), options_(options) {}

Result<Contact> PortalService::ParseContact(std::string_view text) {
  if (text.find('@') != std::string_view::npos) {
    CHANCERY_ASSIGN_OR_RETURN(std::string email, NormaliseEmail(text));
    return Contact{ContactKind::kEmail, email};
  }
  Result<std::string> phone = NormalisePhone(text);
  if (!phone.ok()) {
    return InvalidArgument("Give an e-mail address, or a phone number starting with + and the country code.")
        .WithField("/contact");
  }
  return Contact{ContactKind::kPhone, *phone};
}

std::string PortalService::ContactIndex(const Contact& contact) const {
  return citizens_.store().Index(contact.kind == ContactKind::kEmail ? IndexedField::kEmail : IndexedField::kPhone,
                                 contact.value);
}

std::string PortalService::CodeDigest(const std::string& contact_index, std::string_view code) const {
  return cipher_.BlindIndex(contact_index + "|" + std::string(code), "citizen_codes.code");
}

Status PortalService::RequestCode(std::string_view text, const std::string& language,
                                  const std::string& remote_address) {
  CHANCERY_ASSIGN_OR_RETURN(Contact contact, ParseContact(text));
  const std::string index = ContactIndex(contact);
  const std::string code = NewCode();
  storage::Database& database = citizens_.database();
  const std::int64_t now = citizens_.clock().NowMs();
  CHANCERY_TRY(database.Write("portal.code", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Row recent, transaction.QueryOne("SELECT COUNT(*), MIN(created_at) FROM citizen_codes "
                                                               "WHERE contact_index = ? AND created_at > ?",
                                                               {index, now - options_.code_window_ms}));
    if (recent.Int(0) >= options_.codes_per_window) {
      const std::int64_t wait_ms = recent.Int(1) + options_.code_window_ms - now;
      return ResourceExhausted("Several codes were sent to this contact just now; wait a few minutes and try again.")
          .WithRetryAfter(static_cast<int>(wait_ms / 1000 + 1));
    }
    // Earlier codes stop working: only the latest one is valid.
    CHANCERY_TRY(transaction.Execute("UPDATE citizen_codes SET used_at = ? WHERE contact_index = ? AND used_at IS NULL",
                                     {now, index}));
    CHANCERY_TRY(transaction.Execute(
        "INSERT INTO citizen_codes (contact_index, code_digest, created_at, expires_at) VALUES (?, ?, ?, ?)",
        {index, CodeDigest(index, code), now, now + options_.code_ttl_ms}));
    audit::AuditEvent event;
    event.actor = "anonymous";
    event.action = "portal.code_sent";
    event.target_type = "contact";
    event.remote_address = remote_address;
    event.detail_json =
        json::serialize(json::object{{"kind", contact.kind == ContactKind::kEmail ? "email" : "phone"}});
    return citizens_.audit().Append(transaction, event);
  }));
  // Sent after the commit: a code that was sent is always one the database knows.
  return sender_(contact, code, IsSupportedLanguage(language) ? language : "vi");
}

Result<PortalSession> PortalService::VerifyCode(std::string_view text, std::string_view code,
                                                const std::string& remote_address) {
  CHANCERY_ASSIGN_OR_RETURN(Contact contact, ParseContact(text));
  const std::string index = ContactIndex(contact);
  storage::Database& database = citizens_.database();
  const std::int64_t now = citizens_.clock().NowMs();
  PortalSession session;
  Status outcome;
  CHANCERY_TRY(database.Write("portal.verify", [&](Transaction& transaction) -> Status {
    outcome = Status::Ok();
    CHANCERY_ASSIGN_OR_RETURN(
        std::optional<Row> row,
        transaction.QueryOptional("SELECT id, code_digest, attempts, expires_at FROM citizen_codes "
                                  "WHERE contact_index = ? AND used_at IS NULL ORDER BY id DESC LIMIT 1",
                                  {index}));
    if (!row || row->Int(3) <= now || row->Int(2) >= options_.code_attempts) {
      outcome =
          FailedPrecondition("This code has expired or was used up; ask for a new one.").WithReason("code_expired");
      return Status::Ok();
    }
    if (!crypto::ConstantTimeEquals(row->Text(1), CodeDigest(index, code))) {
      const std::int64_t attempts = row->Int(2) + 1;
      CHANCERY_TRY(transaction.Execute("UPDATE citizen_codes SET attempts = ? WHERE id = ?", {attempts, row->Int(0)}));
      const std::int64_t left = options_.code_attempts - attempts;
      outcome = PermissionDenied(left > 0 ? "This code is not right; " + std::to_string(left) + " attempts left."
                                          : "This code is not right, and no attempts are left; ask for a new one.")
                    .WithReason("code_wrong")
                    .WithField("/code");
      return Status::Ok();
    }
    CHANCERY_TRY(transaction.Execute("UPDATE citizen_codes SET used_at = ? WHERE id = ?", {now, row->Int(0)}));
    CHANCERY_ASSIGN_OR_RETURN(
        session.citizen_id,
        citizens_.store().FindIdBy(transaction,
                                   contact.kind == ContactKind::kEmail ? IndexedField::kEmail : IndexedField::kPhone,
                                   contact.value));
    session.token = crypto::RandomToken(32);
    session.csrf_token = crypto::RandomToken(24);
    session.contact = contact;
    session.expires_at_ms = now + options_.session_ttl_ms;
    CHANCERY_TRY(transaction.Execute(
        "INSERT INTO citizen_sessions (token_hash, contact_index, contact_encrypted, citizen_id, csrf_token, "
        "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {crypto::Sha256Hex(session.token), index,
         cipher_.Encrypt((contact.kind == ContactKind::kEmail ? "email:" : "phone:") + contact.value,
                         "citizen_sessions.contact"),
         storage::Nullable(session.citizen_id), session.csrf_token, now, session.expires_at_ms}));
    audit::AuditEvent event;
    event.actor = session.citizen_id ? "citizen" : "anonymous";
    event.action = "portal.signed_in";
    event.target_type = "citizen";
    event.target_id = session.citizen_id ? std::to_string(*session.citizen_id) : "";
    event.remote_address = remote_address;
    return citizens_.audit().Append(transaction, event);
  }));
  if (!outcome.ok()) return outcome;
  return session;
}

Result<PortalSession> PortalService::Authenticate(std::string_view token) {
  if (token.empty()) return Unauthenticated("Sign in with a code first.");
  storage::Database& database = citizens_.database();
  const std::int64_t now = citizens_.clock().NowMs();
  PortalSession session;
  Status outcome;
  CHANCERY_TRY(database.Write("portal.session", [&](Transaction& transaction) -> Status {
    outcome = Status::Ok();
    const std::string hash = crypto::Sha256Hex(token);
    CHANCERY_ASSIGN_OR_RETURN(
        std::optional<Row> row,
        transaction.QueryOptional("SELECT contact_encrypted, citizen_id, csrf_token, expires_at FROM citizen_sessions "
                                  "WHERE token_hash = ?",
                                  {hash}));
    if (!row || row->Int(3) <= now) {
      outcome = Unauthenticated("Your session has ended; sign in again with a new code.");
      return Status::Ok();
    }
    CHANCERY_ASSIGN_OR_RETURN(std::string contact, cipher_.Decrypt(row->Text(0), "citizen_sessions.contact"));
    const bool email = contact.rfind("email:", 0) == 0;
    session.contact = Contact{email ? ContactKind::kEmail : ContactKind::kPhone, contact.substr(6)};
    session.citizen_id = row->OptionalInt(1);
    session.csrf_token = row->Text(2);
    session.expires_at_ms = now + options_.session_ttl_ms;
    return transaction
        .Execute("UPDATE citizen_sessions SET expires_at = ? WHERE token_hash = ?", {session.expires_at_ms, hash})
        .status();
  }));
  if (!outcome.ok()) return outcome;
  return session;
}

Status PortalService::LogOut(std::string_view token) {
  return citizens_.database().Write("portal.logout", [&](Transaction& transaction) -> Status {
    return transaction.Execute("DELETE FROM citizen_sessions WHERE token_hash = ?", {crypto::Sha256Hex(token)})
        .status();
  });
}

Result<std::int64_t> PortalService::RequireCitizen(const PortalSession& session) const {
  if (!session.citizen_id) return NotFound("You have not registered yet.").WithReason("not_registered");
  return *session.citizen_id;
}

Status PortalService::AuditCitizen(Transaction& transaction, std::int64_t citizen_id, const std::string& reference,
                                   const std::string& country, std::string action, const std::string& remote_address,
                                   std::string detail_json) {
  audit::AuditEvent event;
  event.actor = Actor(reference);
  event.action = std::move(action);
  event.unit_id = citizens_.MissionOf(country);
  event.target_type = "citizen";
  event.target_id = std::to_string(citizen_id);
  event.remote_address = remote_address;
  event.detail_json = std::move(detail_json);
  return citizens_.audit().Append(transaction, event);
}

Result<Citizen> PortalService::Register(PortalSession& session, Profile profile,
                                        const std::vector<ConsentChoice>& consents, const std::string& remote_address) {
  if (session.citizen_id) return AlreadyExists("You are registered already; edit your registration instead.");
  // The proved contact is the registration's contact, whatever the form said.
  (session.contact.kind == ContactKind::kEmail ? profile.email : profile.phone) = session.contact.value;
  CHANCERY_TRY(NormaliseAndValidate(profile));
  const CitizenStore& store = citizens_.store();
  std::int64_t id = 0;
  CHANCERY_TRY(citizens_.database().Write("portal.register", [&](Transaction& transaction) -> Status {
    CHANCERY_TRY(
        citizens_.CheckUnique(transaction, profile, std::nullopt, DuplicatePolicy::kAllowSameNameAndBirthDate));
    const std::int64_t now = citizens_.clock().NowMs();
    const std::string reference = NewReference();
    CHANCERY_ASSIGN_OR_RETURN(id, store.Insert(transaction, profile, Origin::kPortal, reference, now));
    json::array granted;
    for (const ConsentChoice& consent : consents) {
      CHANCERY_TRY(store.SetConsent(transaction, id, consent.channel, consent.granted, now));
      if (consent.granted) granted.push_back(json::string(ChannelName(consent.channel)));
    }
    CHANCERY_TRY(transaction.Execute("UPDATE citizen_sessions SET citizen_id = ? WHERE contact_index = ?",
                                     {id, ContactIndex(session.contact)}));
    return AuditCitizen(transaction, id, reference, profile.residence_country, "citizen.created", remote_address,
                        json::serialize(json::object{{"origin", "portal"}, {"consents", granted}}));
  }));
  session.citizen_id = id;
  return Mine(session, remote_address);
}

Result<Citizen> PortalService::Mine(const PortalSession& session, const std::string& remote_address) {
  CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, RequireCitizen(session));
  std::optional<Citizen> citizen;
  CHANCERY_TRY(citizens_.database().Write("portal.read", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(citizen, citizens_.store().Find(transaction, id));
    if (!citizen) return NotFound("You have not registered yet.").WithReason("not_registered");
    return AuditCitizen(transaction, id, citizen->reference, citizen->profile.residence_country, "citizen.read",
                        remote_address);
  }));
  return std::move(*citizen);
}

Result<Citizen> PortalService::UpdateMine(const PortalSession& session, Profile profile,
                                          const std::string& remote_address) {
  CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, RequireCitizen(session));
  (session.contact.kind == ContactKind::kEmail ? profile.email : profile.phone) = session.contact.value;
  CHANCERY_TRY(NormaliseAndValidate(profile));
  const CitizenStore& store = citizens_.store();
  CHANCERY_TRY(citizens_.database().Write("portal.update", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<CitizenStore::Key> key, store.KeyOf(transaction, id));
    if (!key) return NotFound("You have not registered yet.").WithReason("not_registered");
    CHANCERY_TRY(citizens_.CheckUnique(transaction, profile, id, DuplicatePolicy::kAllowSameNameAndBirthDate));
    CHANCERY_TRY(store.Update(transaction, id, profile, citizens_.clock().NowMs()));
    return AuditCitizen(transaction, id, key->reference, profile.residence_country, "citizen.updated", remote_address);
  }));
  return Mine(session, remote_address);
}

Status PortalService::SetMyConsent(const PortalSession& session, ConsentChoice choice,
                                   const std::string& remote_address) {
  CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, RequireCitizen(session));
  return citizens_.database().Write("portal.consent", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<CitizenStore::Key> key, citizens_.store().KeyOf(transaction, id));
    if (!key) return NotFound("You have not registered yet.").WithReason("not_registered");
    CHANCERY_TRY(
        citizens_.store().SetConsent(transaction, id, choice.channel, choice.granted, citizens_.clock().NowMs()));
    return AuditCitizen(transaction, id, key->reference, key->country,
                        choice.granted ? "citizen.consent_granted" : "citizen.consent_withdrawn", remote_address,
                        json::serialize(json::object{{"channel", ChannelName(choice.channel)}}));
  });
}

Result<json::object> PortalService::ExportMine(const PortalSession& session) {
  CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, RequireCitizen(session));
  std::string reference;
  CHANCERY_TRY(citizens_.database().Read("portal.reference", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<CitizenStore::Key> key, citizens_.store().KeyOf(transaction, id));
    if (key) reference = key->reference;
    return Status::Ok();
  }));
  return citizens_.ExportOwn(id, Actor(reference));
}

Status PortalService::EraseMine(const PortalSession& session, const std::string& remote_address) {
  CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, RequireCitizen(session));
  std::string reference;
  CHANCERY_TRY(citizens_.database().Read("portal.reference", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<CitizenStore::Key> key, citizens_.store().KeyOf(transaction, id));
    if (key) reference = key->reference;
    return Status::Ok();
  }));
  return citizens_.EraseOwn(id, Actor(reference), remote_address);
}

Result<std::string> PortalService::NewZaloLinkCode(const PortalSession& session) {
  CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, RequireCitizen(session));
  // Two letters and four digits: easy to type on a phone, and 5.8 million codes for the day's few thousand links.
  static constexpr std::string_view kLetters = "ABCDEFGHJKMNPQRSTUVWXYZ";
  std::string code;
  const std::int64_t now = citizens_.clock().NowMs();
  CHANCERY_TRY(citizens_.database().Write("portal.zalo_code", [&](Transaction& transaction) -> Status {
    CHANCERY_TRY(
        transaction.Execute("DELETE FROM citizen_link_codes WHERE citizen_id = ? OR expires_at <= ?", {id, now}));
    for (int attempt = 0; attempt < 5; ++attempt) {
      const std::string random = crypto::RandomBytes(6);
      code.clear();
      code.push_back(kLetters[static_cast<unsigned char>(random[0]) % kLetters.size()]);
      code.push_back(kLetters[static_cast<unsigned char>(random[1]) % kLetters.size()]);
      code.push_back(' ');
      for (int i = 2; i < 6; ++i) code.push_back(static_cast<char>('0' + static_cast<unsigned char>(random[i]) % 10));
      Result<std::int64_t> inserted = transaction.Execute(
          "INSERT INTO citizen_link_codes (code, citizen_id, created_at, expires_at) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (code) DO NOTHING",
          {code, id, now, now + options_.link_code_ttl_ms});
      if (!inserted.ok()) return inserted.status();
      if (*inserted == 1) return Status::Ok();
    }
    return Unavailable("Could not make a link code; try again.");
  }));
  return code;
}

Result<std::optional<std::int64_t>> PortalService::LinkZaloByCode(std::string_view text, std::string_view zalo_user_id,
                                                                  std::int64_t zalo_account_id) {
  // The code may come with other words, in any case, with or without its space: "ma DK4827", "dk 4827".
  std::string letters_and_digits;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      letters_and_digits.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
  }
  std::optional<std::int64_t> linked;
  const std::int64_t now = citizens_.clock().NowMs();
  CHANCERY_TRY(citizens_.database().Write("portal.zalo_link", [&](Transaction& transaction) -> Status {
    for (std::size_t i = 0; i + 6 <= letters_and_digits.size(); ++i) {
      const std::string candidate = letters_and_digits.substr(i, 2) + " " + letters_and_digits.substr(i + 2, 4);
      CHANCERY_ASSIGN_OR_RETURN(
          std::optional<Row> row,
          transaction.QueryOptional("SELECT citizen_id FROM citizen_link_codes WHERE code = ? AND expires_at > ?",
                                    {candidate, now}));
      if (!row) continue;
      const std::int64_t id = row->Int(0);
      CHANCERY_ASSIGN_OR_RETURN(std::optional<CitizenStore::Key> key, citizens_.store().KeyOf(transaction, id));
      if (!key) continue;
      CHANCERY_TRY(citizens_.store().LinkZalo(transaction, id, zalo_user_id, zalo_account_id, now));
      CHANCERY_TRY(transaction.Execute("DELETE FROM citizen_link_codes WHERE code = ?", {candidate}));
      linked = id;
      return AuditCitizen(transaction, id, key->reference, key->country, "citizen.zalo_linked", "",
                          json::serialize(json::object{{"zalo_account_id", zalo_account_id}}));
    }
    return Status::Ok();
  }));
  return linked;
}

Status PortalService::SetPushSubscription(const PortalSession& session,
                                          const std::optional<std::string>& subscription_json) {
  CHANCERY_ASSIGN_OR_RETURN(std::int64_t id, RequireCitizen(session));
  return citizens_.database().Write("portal.push", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<CitizenStore::Key> key, citizens_.store().KeyOf(transaction, id));
    if (!key) return NotFound("You have not registered yet.").WithReason("not_registered");
    CHANCERY_TRY(citizens_.store().SetPushSubscription(transaction, id, subscription_json, citizens_.clock().NowMs()));
    return AuditCitizen(transaction, id, key->reference, key->country,
                        subscription_json ? "citizen.push_subscribed" : "citizen.push_unsubscribed", "");
  });
}

}  // namespace chancery::citizens
