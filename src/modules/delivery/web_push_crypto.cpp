// The cryptography of web push on OpenSSL 3: P-256 keys from raw bytes, ECDH, HKDF and AES-128-GCM for the
// aes128gcm payload (RFC 8291, RFC 8188), and ES256 JSON Web Tokens for VAPID (RFC 8292, RFC 7515).
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#include <algorithm>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <memory>

#include "core/crypto.hpp"
#include "modules/delivery/web_push.hpp"

namespace chancery::delivery {
namespace {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* pointer) const {
    Free(pointer);
  }
};
using Bignum = std::unique_ptr<BIGNUM, Deleter<BN_clear_free>>;
using BignumContext = std::unique_ptr<BN_CTX, Deleter<BN_CTX_free>>;
using Group = std::unique_ptr<EC_GROUP, Deleter<EC_GROUP_free>>;
using Point = std::unique_ptr<EC_POINT, Deleter<EC_POINT_free>>;
using Key = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using KeyContext = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using ParamBuilder = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM_free>>;
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX_free>>;
using DigestContext = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using Kdf = std::unique_ptr<EVP_KDF, Deleter<EVP_KDF_free>>;
using KdfContext = std::unique_ptr<EVP_KDF_CTX, Deleter<EVP_KDF_CTX_free>>;
using Signature = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG_free>>;

constexpr std::size_t kPrivateKeyBytes = 32;
constexpr std::size_t kPublicKeyBytes = 65;
constexpr std::size_t kAuthSecretBytes = 16;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kTagBytes = 16;
constexpr std::uint32_t kRecordSize = 4096;
constexpr std::size_t kHeaderBytes = kSaltBytes + 4 + 1 + kPublicKeyBytes;
constexpr std::string_view kJwtHeader = R"({"typ":"JWT","alg":"ES256"})";

const unsigned char* Bytes(std::string_view text) { return reinterpret_cast<const unsigned char*>(text.data()); }
unsigned char* Bytes(std::string& text) { return reinterpret_cast<unsigned char*>(text.data()); }

// Key material does not outlive its use in freed heap memory.
struct Wiped {
  std::string bytes;
  ~Wiped() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
};

// Unpadded base64url as browsers write it; trailing '=' padding is tolerated, any other character is not.
Result<std::string> Base64UrlDecode(std::string_view text, std::string_view what) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string bytes;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int value = -1;
    if (c >= 'A' && c <= 'Z') value = c - 'A';
    if (c >= 'a' && c <= 'z') value = c - 'a' + 26;
    if (c >= '0' && c <= '9') value = c - '0' + 52;
    if (c == '-') value = 62;
    if (c == '_') value = 63;
    if (value < 0) return InvalidArgument(std::string(what) + " is not valid base64url");
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  if (text.size() % 4 == 1) return InvalidArgument(std::string(what) + " is not valid base64url");
  return bytes;
}

Result<std::string> DecodeExact(std::string_view text, std::size_t length, std::string_view what) {
  CHANCERY_ASSIGN_OR_RETURN(std::string bytes, Base64UrlDecode(text, what));
  if (bytes.size() != length) {
    return InvalidArgument(std::string(what) + " must be " + std::to_string(length) + " bytes, not " +
                           std::to_string(bytes.size()));
  }
  return bytes;
}

// The uncompressed public point of a raw private scalar, refusing a scalar outside [1, n-1].
Result<std::string> PublicKeyOf(std::string_view private_key) {
  if (private_key.size() != kPrivateKeyBytes) return InvalidArgument("a P-256 private key must be 32 bytes");
  Group group(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
  BignumContext context(BN_CTX_new());
  Bignum scalar(BN_bin2bn(Bytes(private_key), static_cast<int>(private_key.size()), nullptr));
  if (!group || !context || !scalar) return Internal("OpenSSL could not allocate a P-256 key");
  if (BN_is_zero(scalar.get()) || BN_cmp(scalar.get(), EC_GROUP_get0_order(group.get())) >= 0) {
    return InvalidArgument("not a valid P-256 private key");
  }
  Point point(EC_POINT_new(group.get()));
  std::string public_key(kPublicKeyBytes, '\0');
  if (!point || EC_POINT_mul(group.get(), point.get(), scalar.get(), nullptr, nullptr, context.get()) != 1 ||
      EC_POINT_point2oct(group.get(), point.get(), POINT_CONVERSION_UNCOMPRESSED, Bytes(public_key), public_key.size(),
                         context.get()) != kPublicKeyBytes) {
    return Internal("OpenSSL could not compute a P-256 public key");
  }
  return public_key;
}

// An EVP_PKEY from raw bytes: the public point alone, or with its private scalar. OpenSSL refuses a point that is not
// on the curve.
Result<Key> MakeKey(std::string_view public_key, std::string_view private_key = {}) {
  if (public_key.size() != kPublicKeyBytes || public_key[0] != 0x04) {
    return InvalidArgument("a P-256 public key must be 65 bytes, uncompressed");
  }
  if (!private_key.empty() && private_key.size() != kPrivateKeyBytes) {
    return InvalidArgument("a P-256 private key must be 32 bytes");
  }
  ParamBuilder builder(OSSL_PARAM_BLD_new());
  Bignum scalar;
  if (!builder || !OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) ||
      !OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, public_key.data(), public_key.size())) {
    return Internal("OpenSSL could not describe a P-256 key");
  }
  if (!private_key.empty()) {
    scalar.reset(BN_bin2bn(Bytes(private_key), static_cast<int>(private_key.size()), nullptr));
    if (!scalar || !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, scalar.get())) {
      return Internal("OpenSSL could not describe a P-256 key");
    }
  }
  Params params(OSSL_PARAM_BLD_to_param(builder.get()));
  KeyContext context(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
      EVP_PKEY_fromdata(context.get(), &key, private_key.empty() ? EVP_PKEY_PUBLIC_KEY : EVP_PKEY_KEYPAIR,
                        params.get()) != 1) {
    return InvalidArgument("not a point on P-256");
  }
  return Key(key);
}

// A fresh private scalar (from OpenSSL's generator, so that callers need not have initialised libsodium).
Result<std::string> NewPrivateKey() {
  Key key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  BIGNUM* raw_scalar = nullptr;
  if (!key || EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_PRIV_KEY, &raw_scalar) != 1) {
    return Internal("OpenSSL could not generate a P-256 key");
  }
  Bignum scalar(raw_scalar);
  std::string private_key(kPrivateKeyBytes, '\0');
  if (BN_bn2binpad(scalar.get(), Bytes(private_key), static_cast<int>(private_key.size())) < 0) {
    return Internal("OpenSSL could not export a P-256 key");
  }
  return private_key;
}

Result<std::string> Ecdh(EVP_PKEY* own_key, std::string_view peer_public_key) {
  CHANCERY_ASSIGN_OR_RETURN(Key peer, MakeKey(peer_public_key));
  KeyContext context(EVP_PKEY_CTX_new_from_pkey(nullptr, own_key, nullptr));
  std::size_t length = 0;
  if (!context || EVP_PKEY_derive_init(context.get()) != 1 ||
      EVP_PKEY_derive_set_peer(context.get(), peer.get()) != 1 ||
      EVP_PKEY_derive(context.get(), nullptr, &length) != 1) {
    return InvalidArgument("ECDH with this public key failed");
  }
  std::string secret(length, '\0');
  if (EVP_PKEY_derive(context.get(), Bytes(secret), &length) != 1) return Internal("ECDH failed");
  secret.resize(length);
  return secret;
}

// HKDF-SHA-256 (RFC 5869), extract then expand.
Result<std::string> Hkdf(std::string_view salt, std::string_view input_key, std::string_view info, std::size_t length) {
  Kdf kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
  KdfContext context(kdf ? EVP_KDF_CTX_new(kdf.get()) : nullptr);
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<char*>(input_key.data()), input_key.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.data()), salt.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(info.data()), info.size()),
      OSSL_PARAM_construct_end()};
  std::string output(length, '\0');
  if (!context || EVP_KDF_derive(context.get(), Bytes(output), output.size(), params) != 1) {
    return Internal("HKDF failed");
  }
  return output;
}

struct ContentKeys {
  Wiped key;    // 16 bytes for AES-128-GCM
  Wiped nonce;  // 12 bytes
};

// RFC 8291 §3.3 and §3.4, the same on both sides: the sender's ephemeral key and the browser's key agree on a secret,
// mixed with the browser's auth secret and then with the message's salt.
Result<ContentKeys> DeriveContentKeys(std::string_view ecdh_secret, std::string_view auth_secret,
                                      std::string_view ua_public_key, std::string_view sender_public_key,
                                      std::string_view salt) {
  std::string key_info = "WebPush: info";
  key_info.push_back('\0');
  key_info.append(ua_public_key);
  key_info.append(sender_public_key);
  Wiped input_key;
  CHANCERY_ASSIGN_OR_RETURN(input_key.bytes, Hkdf(auth_secret, ecdh_secret, key_info, 32));
  ContentKeys keys;
  CHANCERY_ASSIGN_OR_RETURN(keys.key.bytes,
                            Hkdf(salt, input_key.bytes, std::string_view("Content-Encoding: aes128gcm\0", 28), 16));
  CHANCERY_ASSIGN_OR_RETURN(keys.nonce.bytes,
                            Hkdf(salt, input_key.bytes, std::string_view("Content-Encoding: nonce\0", 24), 12));
  return keys;
}

Result<std::string> SealRecord(const ContentKeys& keys, std::string_view padded_plaintext) {
  CipherContext context(EVP_CIPHER_CTX_new());
  std::string sealed(padded_plaintext.size() + kTagBytes, '\0');
  int length = 0;
  int final_length = 0;
  if (!context ||
      EVP_EncryptInit_ex(context.get(), EVP_aes_128_gcm(), nullptr, Bytes(keys.key.bytes), Bytes(keys.nonce.bytes)) !=
          1 ||
      EVP_EncryptUpdate(context.get(), Bytes(sealed), &length, Bytes(padded_plaintext),
                        static_cast<int>(padded_plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(context.get(), Bytes(sealed) + length, &final_length) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, Bytes(sealed) + padded_plaintext.size()) !=
          1) {
    return Internal("AES-128-GCM encryption failed");
  }
  return sealed;
}

Result<std::string> OpenRecord(const ContentKeys& keys, std::string_view sealed) {
  const std::string_view ciphertext = sealed.substr(0, sealed.size() - kTagBytes);
  std::string tag(sealed.substr(ciphertext.size()));
  CipherContext context(EVP_CIPHER_CTX_new());
  std::string plaintext(ciphertext.size(), '\0');
  int length = 0;
  int final_length = 0;
  if (!context ||
      EVP_DecryptInit_ex(context.get(), EVP_aes_128_gcm(), nullptr, Bytes(keys.key.bytes), Bytes(keys.nonce.bytes)) !=
          1 ||
      EVP_DecryptUpdate(context.get(), Bytes(plaintext), &length, Bytes(ciphertext),
                        static_cast<int>(ciphertext.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) != 1 ||
      EVP_DecryptFinal_ex(context.get(), Bytes(plaintext) + length, &final_length) != 1) {
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    return Unauthenticated("decryption failed: the push message was not made for this key or was altered");
  }
  return plaintext;
}

std::string BigEndian32(std::uint32_t value) {
  return {static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8),
          static_cast<char>(value)};
}

}  // namespace

Result<VapidKeys> GenerateVapidKeys() {
  Wiped private_key;
  CHANCERY_ASSIGN_OR_RETURN(private_key.bytes, NewPrivateKey());
  CHANCERY_ASSIGN_OR_RETURN(std::string public_key, PublicKeyOf(private_key.bytes));
  return VapidKeys{crypto::Base64UrlEncode(private_key.bytes), crypto::Base64UrlEncode(public_key)};
}

Result<std::string> EncryptPushPayload(const PushSubscription& subscription, std::string_view plaintext,
                                       const PushEncryptionSeed* seed) {
  if (plaintext.size() > kMaxPushPlaintextBytes) {
    return InvalidArgument("a push payload holds at most " + std::to_string(kMaxPushPlaintextBytes) + " bytes, not " +
                           std::to_string(plaintext.size()));
  }
  CHANCERY_ASSIGN_OR_RETURN(std::string ua_public_key, DecodeExact(subscription.p256dh, kPublicKeyBytes, "p256dh"));
  CHANCERY_ASSIGN_OR_RETURN(std::string auth_secret, DecodeExact(subscription.auth, kAuthSecretBytes, "auth"));
  Wiped sender_private_key;
  std::string salt;
  if (seed != nullptr) {
    if (seed->salt.size() != kSaltBytes) return InvalidArgument("the salt must be 16 bytes");
    sender_private_key.bytes = seed->sender_private_key;
    salt = seed->salt;
  } else {
    CHANCERY_ASSIGN_OR_RETURN(sender_private_key.bytes, NewPrivateKey());
    salt.resize(kSaltBytes);
    if (RAND_bytes(Bytes(salt), static_cast<int>(salt.size())) != 1) return Internal("no random salt");
  }
  CHANCERY_ASSIGN_OR_RETURN(std::string sender_public_key, PublicKeyOf(sender_private_key.bytes));
  CHANCERY_ASSIGN_OR_RETURN(Key sender_key, MakeKey(sender_public_key, sender_private_key.bytes));
  Wiped ecdh_secret;
  CHANCERY_ASSIGN_OR_RETURN(ecdh_secret.bytes, Ecdh(sender_key.get(), ua_public_key));
  CHANCERY_ASSIGN_OR_RETURN(ContentKeys keys,
                            DeriveContentKeys(ecdh_secret.bytes, auth_secret, ua_public_key, sender_public_key, salt));
  Wiped padded;
  padded.bytes.assign(plaintext);
  padded.bytes.push_back('\x02');  // the last (and only) record, with no padding after it
  CHANCERY_ASSIGN_OR_RETURN(std::string sealed, SealRecord(keys, padded.bytes));
  std::string body = salt + BigEndian32(kRecordSize);
  body.push_back(static_cast<char>(kPublicKeyBytes));
  body += sender_public_key;
  body += sealed;
  return body;
}

Result<std::string> DecryptPushPayload(std::string_view body, std::string_view ua_private_key,
                                       std::string_view ua_public_key, std::string_view auth_secret) {
  if (auth_secret.size() != kAuthSecretBytes) return InvalidArgument("the auth secret must be 16 bytes");
  if (body.size() < kHeaderBytes + kTagBytes + 1) return InvalidArgument("the push message is too short");
  const std::string_view salt = body.substr(0, kSaltBytes);
  const auto* header = Bytes(body);
  const std::uint32_t record_size = (std::uint32_t{header[16]} << 24) | (std::uint32_t{header[17]} << 16) |
                                    (std::uint32_t{header[18]} << 8) | std::uint32_t{header[19]};
  if (header[20] != kPublicKeyBytes) return InvalidArgument("the push message's key id is not a P-256 public key");
  const std::string_view sender_public_key = body.substr(21, kPublicKeyBytes);
  const std::string_view sealed = body.substr(kHeaderBytes);
  if (record_size < kTagBytes + 2 || sealed.size() > record_size) {
    return InvalidArgument("the push message holds more than one record");
  }
  CHANCERY_ASSIGN_OR_RETURN(Key ua_key, MakeKey(ua_public_key, ua_private_key));
  Wiped ecdh_secret;
  CHANCERY_ASSIGN_OR_RETURN(ecdh_secret.bytes, Ecdh(ua_key.get(), sender_public_key));
  CHANCERY_ASSIGN_OR_RETURN(ContentKeys keys,
                            DeriveContentKeys(ecdh_secret.bytes, auth_secret, ua_public_key, sender_public_key, salt));
  CHANCERY_ASSIGN_OR_RETURN(std::string plaintext, OpenRecord(keys, sealed));
  // RFC 8188 §2: the plaintext, a delimiter (2 for the last record) and any number of zero bytes.
  const auto delimiter = plaintext.find_last_not_of('\0');
  if (delimiter == std::string::npos || plaintext[delimiter] != '\x02') {
    return InvalidArgument("the push message's padding is malformed");
  }
  plaintext.resize(delimiter);
  return plaintext;
}

namespace {

// RFC 6454 origin of an http(s) URL: scheme and host in lower case, the port only when not the default.
Result<std::string> OriginOf(std::string_view endpoint) {
  auto url = boost::urls::parse_absolute_uri(endpoint);
  if (!url || !url->has_authority() || url->encoded_host().empty() || url->has_userinfo()) {
    return InvalidArgument("the push endpoint is not an http(s) URL");
  }
  std::string scheme(url->scheme());
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "http" && scheme != "https") return InvalidArgument("the push endpoint is not an http(s) URL");
  std::string origin = scheme + "://";
  for (char c : url->encoded_host()) origin.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  const std::string_view port = url->port();
  if (!port.empty() && !(scheme == "https" && port == "443") && !(scheme == "http" && port == "80")) {
    origin += ":" + std::string(port);
  }
  return origin;
}

}  // namespace

Result<std::string> VapidAuthorization(const VapidKeys& keys, std::string_view endpoint, std::string_view subject,
                                       std::int64_t expires_at_seconds) {
  if (!subject.starts_with("mailto:") && !subject.starts_with("https:")) {
    return InvalidArgument("the VAPID subject must be a mailto: or https: contact");
  }
  CHANCERY_ASSIGN_OR_RETURN(std::string audience, OriginOf(endpoint));
  Wiped private_key;
  CHANCERY_ASSIGN_OR_RETURN(private_key.bytes,
                            DecodeExact(keys.private_key, kPrivateKeyBytes, "the VAPID private key"));
  CHANCERY_ASSIGN_OR_RETURN(std::string public_key,
                            DecodeExact(keys.public_key, kPublicKeyBytes, "the VAPID public key"));
  CHANCERY_ASSIGN_OR_RETURN(std::string derived_public_key, PublicKeyOf(private_key.bytes));
  if (derived_public_key != public_key) return InvalidArgument("the VAPID public key does not match the private key");
  CHANCERY_ASSIGN_OR_RETURN(Key key, MakeKey(public_key, private_key.bytes));

  const std::string claims = boost::json::serialize(
      boost::json::object{{"aud", audience}, {"exp", expires_at_seconds}, {"sub", std::string(subject)}});
  const std::string signing_input = crypto::Base64UrlEncode(kJwtHeader) + "." + crypto::Base64UrlEncode(claims);
  DigestContext context(EVP_MD_CTX_new());
  std::size_t der_length = 0;
  if (!context || EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
      EVP_DigestSign(context.get(), nullptr, &der_length, Bytes(signing_input), signing_input.size()) != 1) {
    return Internal("ES256 signing failed");
  }
  std::string der(der_length, '\0');
  if (EVP_DigestSign(context.get(), Bytes(der), &der_length, Bytes(signing_input), signing_input.size()) != 1) {
    return Internal("ES256 signing failed");
  }
  // JOSE wants r || s, each 32 bytes big-endian (RFC 7518 §3.4), where OpenSSL writes DER.
  const unsigned char* cursor = Bytes(der);
  Signature signature(d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der_length)));
  std::string raw_signature(64, '\0');
  if (!signature || BN_bn2binpad(ECDSA_SIG_get0_r(signature.get()), Bytes(raw_signature), 32) != 32 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(signature.get()), Bytes(raw_signature) + 32, 32) != 32) {
    return Internal("ES256 signature could not be converted");
  }
  return "vapid t=" + signing_input + "." + crypto::Base64UrlEncode(raw_signature) +
         ", k=" + crypto::Base64UrlEncode(public_key);
}

Status VerifyVapidAuthorization(std::string_view header, std::string_view endpoint, std::int64_t now_seconds) {
  if (header.size() < 6 || (header.substr(0, 6) != "vapid " && header.substr(0, 6) != "Vapid ")) {
    return InvalidArgument("not a vapid authorization");
  }
  std::string_view token;
  std::string_view key_text;
  std::string_view rest = header.substr(6);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view parameter = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    while (!parameter.empty() && parameter.front() == ' ') parameter.remove_prefix(1);
    while (!parameter.empty() && parameter.back() == ' ') parameter.remove_suffix(1);
    if (parameter.starts_with("t=")) token = parameter.substr(2);
    if (parameter.starts_with("k=")) key_text = parameter.substr(2);
  }
  if (token.empty() || key_text.empty()) return InvalidArgument("the vapid authorization lacks t= or k=");
  CHANCERY_ASSIGN_OR_RETURN(std::string public_key, DecodeExact(key_text, kPublicKeyBytes, "the k= key"));
  CHANCERY_ASSIGN_OR_RETURN(Key key, MakeKey(public_key));

  const auto first_dot = token.find('.');
  const auto last_dot = token.rfind('.');
  if (first_dot == std::string_view::npos || first_dot == last_dot) return InvalidArgument("t= is not a JWT");
  const std::string_view signing_input = token.substr(0, last_dot);
  CHANCERY_ASSIGN_OR_RETURN(std::string jose_header, Base64UrlDecode(token.substr(0, first_dot), "the JWT header"));
  CHANCERY_ASSIGN_OR_RETURN(std::string claims_text,
                            Base64UrlDecode(token.substr(first_dot + 1, last_dot - first_dot - 1), "the JWT claims"));
  CHANCERY_ASSIGN_OR_RETURN(std::string raw_signature,
                            DecodeExact(token.substr(last_dot + 1), 64, "the JWT signature"));
  boost::system::error_code error;
  const boost::json::value parsed_header = boost::json::parse(jose_header, error);
  if (error || !parsed_header.is_object()) return InvalidArgument("the JWT header is not a JSON object");
  const boost::json::value* algorithm = parsed_header.as_object().if_contains("alg");
  if (algorithm == nullptr || !algorithm->is_string() || algorithm->as_string() != "ES256") {
    return InvalidArgument("the JWT is not signed with ES256");
  }
  const boost::json::value claims = boost::json::parse(claims_text, error);
  if (error || !claims.is_object()) return InvalidArgument("the JWT claims are not a JSON object");

  Signature signature(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(Bytes(raw_signature), 32, nullptr);
  BIGNUM* s = BN_bin2bn(Bytes(raw_signature) + 32, 32, nullptr);
  if (!signature || r == nullptr || s == nullptr || ECDSA_SIG_set0(signature.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return Internal("OpenSSL could not read the signature");
  }
  // OpenSSL verifies DER, where JOSE sends r || s.
  std::string der(static_cast<std::size_t>(std::max(i2d_ECDSA_SIG(signature.get(), nullptr), 0)), '\0');
  unsigned char* der_cursor = Bytes(der);
  DigestContext context(EVP_MD_CTX_new());
  if (der.empty() || i2d_ECDSA_SIG(signature.get(), &der_cursor) != static_cast<int>(der.size()) || !context ||
      EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1) {
    return Internal("OpenSSL could not verify the signature");
  }
  if (EVP_DigestVerify(context.get(), Bytes(der), der.size(), Bytes(signing_input), signing_input.size()) != 1) {
    return Unauthenticated("the VAPID signature does not verify with the k= key");
  }

  const boost::json::object& claim_set = claims.as_object();
  CHANCERY_ASSIGN_OR_RETURN(std::string origin, OriginOf(endpoint));
  const boost::json::value* audience = claim_set.if_contains("aud");
  if (audience == nullptr || !audience->is_string() || audience->as_string() != origin) {
    return Unauthenticated("the VAPID audience is not this push service's origin");
  }
  const boost::json::value* expiry = claim_set.if_contains("exp");
  if (expiry == nullptr || !expiry->is_int64()) return Unauthenticated("the VAPID token has no expiry");
  if (expiry->as_int64() <= now_seconds) return Unauthenticated("the VAPID token has expired");
  if (expiry->as_int64() > now_seconds + 24 * 60 * 60) {
    return Unauthenticated("the VAPID token runs more than 24 hours ahead");
  }
  return Status::Ok();
}

}  // namespace chancery::delivery
