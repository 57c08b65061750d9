// Signing as the Standard Webhooks specification says (symmetric, "v1"): see webhooks.hpp.
#include <charconv>

#include "core/crypto.hpp"
#include "modules/webhooks/webhooks.hpp"

namespace chancery::webhooks {
namespace {

constexpr std::string_view kPrefix = "whsec_";

}  // namespace

std::string NewSecret() { return std::string(kPrefix) + crypto::Base64Encode(crypto::RandomBytes(32)); }

Result<std::string> SecretKey(std::string_view secret) {
  if (!secret.starts_with(kPrefix)) return InvalidArgument("A webhook secret starts with \"whsec_\".");
  Result<std::string> key = crypto::Base64Decode(secret.substr(kPrefix.size()));
  if (!key.ok() || key->size() < 24 || key->size() > 64) {
    return InvalidArgument("A webhook secret is \"whsec_\" and 24 to 64 bytes in base64.");
  }
  return key;
}

Result<std::string> Sign(std::string_view secret, std::string_view message_id, std::int64_t timestamp_seconds,
                         std::string_view body) {
  CHANCERY_ASSIGN_OR_RETURN(std::string key, SecretKey(secret));
  std::string content;
  content.reserve(message_id.size() + body.size() + 24);
  content.append(message_id).append(".").append(std::to_string(timestamp_seconds)).append(".").append(body);
  return "v1," + crypto::Base64Encode(crypto::HmacSha256(key, content));
}

Result<std::string> SignatureHeader(const EndpointSecrets& secrets, std::int64_t now_ms, std::string_view message_id,
                                    std::int64_t timestamp_seconds, std::string_view body) {
  CHANCERY_ASSIGN_OR_RETURN(std::string header, Sign(secrets.current, message_id, timestamp_seconds, body));
  if (!secrets.previous.empty() && now_ms < secrets.previous_until_ms) {
    CHANCERY_ASSIGN_OR_RETURN(std::string previous, Sign(secrets.previous, message_id, timestamp_seconds, body));
    header += " " + previous;
  }
  return header;
}

Status Verify(std::string_view secret, std::string_view message_id, std::string_view timestamp_header,
              std::string_view signature_header, std::string_view body, std::int64_t now_seconds,
              std::int64_t tolerance_seconds) {
  std::int64_t timestamp = 0;
  const auto [end, error] =
      std::from_chars(timestamp_header.data(), timestamp_header.data() + timestamp_header.size(), timestamp);
  if (error != std::errc() || end != timestamp_header.data() + timestamp_header.size()) {
    return Unauthenticated("The webhook timestamp is not a number.").WithReason("bad_signature");
  }
  if (timestamp < now_seconds - tolerance_seconds || timestamp > now_seconds + tolerance_seconds) {
    return Unauthenticated("The webhook timestamp is too far from now.").WithReason("stale_timestamp");
  }
  CHANCERY_ASSIGN_OR_RETURN(std::string expected, Sign(secret, message_id, timestamp, body));
  // The header holds space-separated "version,signature" entries; any v1 one may match.
  std::size_t start = 0;
  while (start < signature_header.size()) {
    std::size_t space = signature_header.find(' ', start);
    if (space == std::string_view::npos) space = signature_header.size();
    if (crypto::ConstantTimeEquals(signature_header.substr(start, space - start), expected)) return Status::Ok();
    start = space + 1;
  }
  return Unauthenticated("No webhook signature verifies.").WithReason("bad_signature");
}

}  // namespace chancery::webhooks
