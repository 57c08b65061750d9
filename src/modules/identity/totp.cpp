// TOTP on liboath and the otpauth URI. The QR rendering lives in totp_qr.cpp.
#include "modules/identity/totp.hpp"

#include <liboath/oath.h>

#include <cstdlib>
#include <ctime>
#include <memory>
#include <mutex>

#include "core/crypto.hpp"

namespace chancery::identity {
namespace {

void EnsureOathInitialised() {
  static std::once_flag once;
  std::call_once(once, [] { oath_init(); });
}

bool IsDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Percent-encodes everything except RFC 3986 unreserved characters.
std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

}  // namespace

std::string NewTotpSecret() { return crypto::RandomBytes(kTotpSecretBytes); }

std::string Base32Encode(std::string_view bytes) {
  EnsureOathInitialised();
  char* encoded = nullptr;
  std::size_t length = 0;
  if (oath_base32_encode(bytes.data(), bytes.size(), &encoded, &length) != OATH_OK || encoded == nullptr) return {};
  std::unique_ptr<char, decltype(&std::free)> owner(encoded, &std::free);
  std::string text(encoded, length);
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

Result<std::string> TotpCode(std::string_view secret, std::int64_t unix_seconds, int digits) {
  EnsureOathInitialised();
  if (digits < 6 || digits > 8) return InvalidArgument("A TOTP code has 6 to 8 digits.");
  char output[16] = {};
  int rc = oath_totp_generate(secret.data(), secret.size(), static_cast<time_t>(unix_seconds), kTotpStepSeconds, 0,
                              static_cast<unsigned>(digits), output);
  if (rc != OATH_OK) return Internal(std::string("TOTP generation failed: ") + oath_strerror_name(rc));
  return std::string(output);
}

std::optional<std::int64_t> MatchTotp(std::string_view secret, std::string_view code, std::int64_t unix_seconds,
                                      int window_steps) {
  EnsureOathInitialised();
  if (code.size() < 6 || code.size() > 8 || !IsDigits(code) || window_steps < 0) return std::nullopt;
  std::string otp(code);  // liboath wants a NUL-terminated string
  int position = 0;
  int rc = oath_totp_validate2(secret.data(), secret.size(), static_cast<time_t>(unix_seconds), kTotpStepSeconds, 0,
                               static_cast<std::size_t>(window_steps), &position, otp.c_str());
  if (rc < 0) return std::nullopt;
  return unix_seconds / kTotpStepSeconds + position;
}

std::string OtpauthUri(std::string_view issuer, std::string_view account, std::string_view base32_secret) {
  std::string issuer_encoded = PercentEncode(issuer);
  std::string uri = "otpauth://totp/" + issuer_encoded + ":" + PercentEncode(account);
  uri += "?secret=" + std::string(base32_secret);
  uri += "&issuer=" + issuer_encoded;
  uri += "&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) + "&period=" + std::to_string(kTotpStepSeconds);
  return uri;
}

}  // namespace chancery::identity
