// MfaService: TOTP enrolment, verification with replay protection, and single-use recovery codes.
//
// Enrolment is two steps: BeginEnrolment stores a fresh secret, encrypted, as pending (replacing any earlier
// pending one) and returns it for the authenticator app; ConfirmEnrolment checks a code against it, moves it to
// `users.mfa_secret_encrypted` (FieldCipher, associated data "users.mfa_secret", plaintext = the raw secret bytes),
// sets `users.mfa_enabled`, and returns ten recovery codes, shown once and stored only as keyed digests.
//
// Verify accepts a 6-digit TOTP code within ±1 step, but never a step at or before the last one accepted for the
// user (a code cannot be replayed, even within its 90-second validity), or an unused recovery code, which it marks
// used. A wrong code is kInvalidArgument with reason "invalid_code" and field "/code", and writes nothing, so the
// caller can record the failure in the same transaction.
//
// Every method runs in the caller's transaction. Thread-safety: safe for concurrent use; concurrent uses of one
// code are decided by the database (one UPDATE wins).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/status.hpp"
#include "modules/identity/identity.hpp"
#include "storage/database.hpp"

namespace chancery::identity {

inline constexpr int kRecoveryCodeCount = 10;

struct MfaEnrolment {
  std::string secret_base32;
  std::string otpauth_uri;
  std::string qr_svg;
};

enum class MfaMethod { kTotp, kRecoveryCode };

class MfaService {
 public:
  MfaService(const Clock& clock, const crypto::FieldCipher& cipher, const IdentityOptions& options)
      : clock_(clock), cipher_(cipher), options_(options) {}

  // kConflict (reason "mfa_already_enabled") when the user already has MFA.
  Result<MfaEnrolment> BeginEnrolment(storage::Transaction& transaction, std::int64_t user_id,
                                      std::string_view username);
  // Returns the recovery codes. kConflict (reason "no_pending_enrolment") without a pending enrolment.
  Result<std::vector<std::string>> ConfirmEnrolment(storage::Transaction& transaction, std::int64_t user_id,
                                                    std::string_view code);
  // kFailedPrecondition when the user has no MFA enrolled.
  Result<MfaMethod> Verify(storage::Transaction& transaction, std::int64_t user_id, std::string_view code);

  // Whether a Status from this service is a wrong code (to be counted by the login throttle).
  static bool IsWrongCode(const Status& status) { return status.reason() == "invalid_code"; }

 private:
  // Accepts the TOTP step for the user unless a step at or after it was accepted before.
  Result<bool> ClaimTotpStep(storage::Transaction& transaction, std::int64_t user_id, std::int64_t step);
  Result<std::vector<std::string>> ReplaceRecoveryCodes(storage::Transaction& transaction, std::int64_t user_id);
  Result<bool> UseRecoveryCode(storage::Transaction& transaction, std::int64_t user_id, std::string_view code);

  const Clock& clock_;
  const crypto::FieldCipher& cipher_;
  const IdentityOptions& options_;
};

// Removes every trace of a user's MFA: pending enrolment, recovery codes, replay state, and the secret and flag on
// `users`. For identity-B's administrative reset; runs in the caller's transaction. Idempotent.
Status ClearMfa(storage::Transaction& transaction, std::int64_t user_id);

// The stored digest of a recovery code (case, spaces and hyphens do not matter).
std::string RecoveryCodeDigest(const crypto::FieldCipher& cipher, std::string_view code);

}  // namespace chancery::identity
