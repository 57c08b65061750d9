#include "modules/identity/mfa.hpp"

#include <cctype>

#include "modules/identity/totp.hpp"

namespace chancery::identity {
namespace {

constexpr std::string_view kPendingSecretContext = "mfa_pending_enrolments.secret";
constexpr std::string_view kUserSecretContext = "users.mfa_secret";
constexpr std::string_view kRecoveryCodePurpose = "mfa_recovery_code";

Status WrongCode() {
  return InvalidArgument("The code is not valid. Check the time on your device and try again.")
      .WithField("/code")
      .WithReason("invalid_code");
}

bool IsTotpShaped(std::string_view code) {
  if (code.size() != kTotpDigits) return false;
  for (char c : code) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string TrimCode(std::string_view code) {
  std::string text;
  for (char c : code) {
    if (!std::isspace(static_cast<unsigned char>(c))) text += c;
  }
  return text;
}

// "abcde-fghij": 10 base32 characters (50 bits) from fresh random bytes.
std::string NewRecoveryCode() {
  std::string text = Base32Encode(crypto::RandomBytes(8));
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text.substr(0, 5) + "-" + text.substr(5, 5);
}

}  // namespace

std::string RecoveryCodeDigest(const crypto::FieldCipher& cipher, std::string_view code) {
  std::string normalised;
  for (char c : code) {
    if (c == '-' || std::isspace(static_cast<unsigned char>(c))) continue;
    normalised += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  // Keyed (HMAC with the blind-index key): a copy of the database alone cannot brute-force the codes.
  return cipher.BlindIndex(normalised, kRecoveryCodePurpose);
}

Result<MfaEnrolment> MfaService::BeginEnrolment(storage::Transaction& transaction, std::int64_t user_id,
                                                std::string_view username) {
  CHANCERY_ASSIGN_OR_RETURN(auto user, transaction.QueryOne("SELECT mfa_enabled FROM users WHERE id = ?", {user_id}));
  if (user.Bool(0)) {
    return Conflict("Two-factor authentication is already set up for this account. Ask an administrator to reset it.")
        .WithReason("mfa_already_enabled");
  }
  const std::string secret = NewTotpSecret();
  CHANCERY_TRY(
      transaction.Execute("INSERT INTO mfa_pending_enrolments (user_id, secret_encrypted, created_at) VALUES (?, ?, ?) "
                          "ON CONFLICT (user_id) DO UPDATE SET secret_encrypted = excluded.secret_encrypted, "
                          "created_at = excluded.created_at",
                          {user_id, cipher_.Encrypt(secret, kPendingSecretContext), clock_.NowMs()}));
  MfaEnrolment enrolment;
  enrolment.secret_base32 = Base32Encode(secret);
  enrolment.otpauth_uri = OtpauthUri(options_.totp_issuer, username, enrolment.secret_base32);
  CHANCERY_ASSIGN_OR_RETURN(enrolment.qr_svg, QrCodeSvg(enrolment.otpauth_uri));
  return enrolment;
}

Result<std::vector<std::string>> MfaService::ConfirmEnrolment(storage::Transaction& transaction, std::int64_t user_id,
                                                              std::string_view code) {
  CHANCERY_ASSIGN_OR_RETURN(
      auto pending,
      transaction.QueryOptional("SELECT secret_encrypted FROM mfa_pending_enrolments WHERE user_id = ?", {user_id}));
  if (!pending) {
    return Conflict("There is no two-factor enrolment to confirm. Start the enrolment again.")
        .WithReason("no_pending_enrolment");
  }
  CHANCERY_ASSIGN_OR_RETURN(auto secret, cipher_.Decrypt(pending->Text(0), kPendingSecretContext));
  const std::string trimmed = TrimCode(code);
  if (!IsTotpShaped(trimmed)) return WrongCode();
  auto step = MatchTotp(secret, trimmed, clock_.NowMs() / 1000);
  if (!step) return WrongCode();
  CHANCERY_ASSIGN_OR_RETURN(bool claimed, ClaimTotpStep(transaction, user_id, *step));
  if (!claimed) return WrongCode();

  const std::int64_t now_ms = clock_.NowMs();
  CHANCERY_TRY(
      transaction.Execute("UPDATE users SET mfa_secret_encrypted = ?, mfa_enabled = 1, updated_at = ? WHERE id = ?",
                          {cipher_.Encrypt(secret, kUserSecretContext), now_ms, user_id}));
  CHANCERY_TRY(transaction.Execute("DELETE FROM mfa_pending_enrolments WHERE user_id = ?", {user_id}));
  return ReplaceRecoveryCodes(transaction, user_id);
}

Result<MfaMethod> MfaService::Verify(storage::Transaction& transaction, std::int64_t user_id, std::string_view code) {
  CHANCERY_ASSIGN_OR_RETURN(
      auto user, transaction.QueryOne("SELECT mfa_enabled, mfa_secret_encrypted FROM users WHERE id = ?", {user_id}));
  if (!user.Bool(0) || user.IsNull(1)) {
    return FailedPrecondition("Two-factor authentication is not set up for this account.")
        .WithReason("mfa_not_enrolled");
  }
  const std::string trimmed = TrimCode(code);
  if (trimmed.empty() || trimmed.size() > 64) return WrongCode();
  if (IsTotpShaped(trimmed)) {
    CHANCERY_ASSIGN_OR_RETURN(auto secret, cipher_.Decrypt(user.Text(1), kUserSecretContext));
    auto step = MatchTotp(secret, trimmed, clock_.NowMs() / 1000);
    if (!step) return WrongCode();
    CHANCERY_ASSIGN_OR_RETURN(bool claimed, ClaimTotpStep(transaction, user_id, *step));
    if (!claimed) return WrongCode();
    return MfaMethod::kTotp;
  }
  CHANCERY_ASSIGN_OR_RETURN(bool used, UseRecoveryCode(transaction, user_id, trimmed));
  if (!used) return WrongCode();
  return MfaMethod::kRecoveryCode;
}

Result<bool> MfaService::ClaimTotpStep(storage::Transaction& transaction, std::int64_t user_id, std::int64_t step) {
  // The conditional upsert changes no row when an equal or later step was already accepted: that is a replay.
  CHANCERY_ASSIGN_OR_RETURN(auto changed,
                            transaction.Execute("INSERT INTO mfa_totp_usage (user_id, last_step) VALUES (?, ?) "
                                                "ON CONFLICT (user_id) DO UPDATE SET last_step = excluded.last_step "
                                                "WHERE mfa_totp_usage.last_step < excluded.last_step",
                                                {user_id, step}));
  return changed > 0;
}

Result<std::vector<std::string>> MfaService::ReplaceRecoveryCodes(storage::Transaction& transaction,
                                                                  std::int64_t user_id) {
  CHANCERY_TRY(transaction.Execute("DELETE FROM mfa_recovery_codes WHERE user_id = ?", {user_id}));
  const std::int64_t now_ms = clock_.NowMs();
  std::vector<std::string> codes;
  for (int i = 0; i < kRecoveryCodeCount; ++i) {
    codes.push_back(NewRecoveryCode());
    CHANCERY_TRY(transaction.Execute("INSERT INTO mfa_recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)",
                                     {user_id, RecoveryCodeDigest(cipher_, codes.back()), now_ms}));
  }
  return codes;
}

Result<bool> MfaService::UseRecoveryCode(storage::Transaction& transaction, std::int64_t user_id,
                                         std::string_view code) {
  CHANCERY_ASSIGN_OR_RETURN(auto changed,
                            transaction.Execute("UPDATE mfa_recovery_codes SET used_at = ? "
                                                "WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
                                                {clock_.NowMs(), user_id, RecoveryCodeDigest(cipher_, code)}));
  return changed > 0;
}

Status ClearMfa(storage::Transaction& transaction, std::int64_t user_id) {
  CHANCERY_TRY(transaction.Execute("DELETE FROM mfa_pending_enrolments WHERE user_id = ?", {user_id}));
  CHANCERY_TRY(transaction.Execute("DELETE FROM mfa_recovery_codes WHERE user_id = ?", {user_id}));
  CHANCERY_TRY(transaction.Execute("DELETE FROM mfa_totp_usage WHERE user_id = ?", {user_id}));
  CHANCERY_TRY(
      transaction.Execute("UPDATE users SET mfa_secret_encrypted = NULL, mfa_enabled = 0 WHERE id = ?", {user_id}));
  return Status::Ok();
}

}  // namespace chancery::identity
