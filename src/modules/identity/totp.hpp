// TOTP (RFC 6238: HMAC-SHA-1, 30-second steps) on liboath, the otpauth:// enrolment URI, and the enrolment QR
// code rendered as SVG from libqrencode's modules.
//
// Secrets here are raw bytes (20 random bytes for new enrolments); authenticator apps receive them in base32.
// These functions never log their inputs. Replay protection is not done here: MatchTotp reports the time step
// that matched, and the caller (MfaService) refuses a step it has already accepted.
//
// Thread-safety: free functions without shared state (liboath is initialised once, thread-safely).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace chancery::identity {

inline constexpr int kTotpStepSeconds = 30;
inline constexpr int kTotpDigits = 6;
inline constexpr std::size_t kTotpSecretBytes = 20;

// A fresh random secret of kTotpSecretBytes raw bytes.
std::string NewTotpSecret();

// RFC 4648 base32 without padding (what authenticator apps expect in otpauth URIs).
std::string Base32Encode(std::string_view bytes);

// The code for the step containing `unix_seconds`; `digits` is 6 to 8.
Result<std::string> TotpCode(std::string_view secret, std::int64_t unix_seconds, int digits = kTotpDigits);

// The time step (unix_seconds / 30) whose code equals `code`, looking `window_steps` steps either side of now;
// nullopt when none does or the code is malformed. The code's length gives its number of digits.
std::optional<std::int64_t> MatchTotp(std::string_view secret, std::string_view code, std::int64_t unix_seconds,
                                      int window_steps = 1);

// "otpauth://totp/<issuer>:<account>?secret=...&issuer=<issuer>&algorithm=SHA1&digits=6&period=30", with the
// issuer and account percent-encoded.
std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view base32_secret);

// An SVG document of the QR code of `text` (error correction M), one unit per module, with a quiet zone of
// `quiet_zone_modules` on every side; kInternal if the text cannot be encoded.
Result<std::string> QrCodeSvg(std::string_view text, int quiet_zone_modules = 4);

}  // namespace chancery::identity
