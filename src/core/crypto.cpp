#include "core/crypto.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

namespace chancery::crypto {
namespace {

constexpr std::string_view kCipherVersion = "v1";

std::string ReadFile(const std::string& path) {
  std::ifstream input(path, std::ios::binary);
  std::ostringstream content;
  content << input.rdbuf();
  return content.str();
}

}  // namespace

Status InitCrypto() {
  if (sodium_init() < 0) return Internal("libsodium could not be initialised");
  return Status::Ok();
}

std::string RandomBytes(std::size_t count) {
  std::string bytes(count, '\0');
  randombytes_buf(bytes.data(), bytes.size());
  return bytes;
}

std::string RandomToken(std::size_t bytes) { return Base64UrlEncode(RandomBytes(bytes)); }

std::string Sha256(std::string_view data) {
  std::string digest(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(digest.data()),
                     reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return digest;
}

std::string Sha256Hex(std::string_view data) { return ToHex(Sha256(data)); }

std::string HmacSha256(std::string_view key, std::string_view data) {
  std::string mac(crypto_auth_hmacsha256_BYTES, '\0');
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  crypto_auth_hmacsha256_final(&state, reinterpret_cast<unsigned char*>(mac.data()));
  return mac;
}

std::string ToHex(std::string_view bytes) {
  std::string hex(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  hex.pop_back();
  return hex;
}

std::string Base64Encode(std::string_view bytes) {
  std::string text(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(text.data(), text.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  text.resize(std::char_traits<char>::length(text.c_str()));
  return text;
}

Result<std::string> Base64Decode(std::string_view text) {
  std::string bytes(text.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(), text.size(), nullptr,
                        &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return InvalidArgument("not valid base64");
  }
  bytes.resize(length);
  return bytes;
}

std::string Base64UrlEncode(std::string_view bytes) {
  std::string text(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(text.data(), text.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  text.resize(std::char_traits<char>::length(text.c_str()));
  return text;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<std::string> HashPassword(std::string_view password) {
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Internal("out of memory while hashing a password");
  }
  return std::string(hash);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

Result<KeyRing> LoadOrCreateKeyRing(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    KeyRing ring;
    AddKey(ring);
    ring.blind_index_key = RandomBytes(32);
    CHANCERY_TRY(SaveKeyRing(path, ring));
    return ring;
  }
  if ((info.st_mode & 077) != 0) {
    return FailedPrecondition("key file " + path + " is readable by group or others; run: chmod 600 " + path);
  }
  boost::system::error_code error;
  boost::json::value document = boost::json::parse(ReadFile(path), error);
  if (error || !document.is_object()) return FailedPrecondition("key file " + path + " is not valid JSON");
  const auto& object = document.as_object();
  KeyRing ring;
  try {
    ring.active_key_id = boost::json::value_to<std::string>(object.at("active_key_id"));
    CHANCERY_ASSIGN_OR_RETURN(ring.blind_index_key,
                              Base64Decode(boost::json::value_to<std::string>(object.at("blind_index_key"))));
    for (const auto& [id, key] : object.at("data_keys").as_object()) {
      CHANCERY_ASSIGN_OR_RETURN(std::string raw, Base64Decode(boost::json::value_to<std::string>(key)));
      if (raw.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES) {
        return FailedPrecondition("key " + std::string(id) + " in " + path + " has the wrong length");
      }
      ring.data_keys.emplace(std::string(id), std::move(raw));
    }
  } catch (const std::exception&) {
    return FailedPrecondition("key file " + path + " lacks active_key_id, blind_index_key or data_keys");
  }
  if (!ring.data_keys.contains(ring.active_key_id)) {
    return FailedPrecondition("key file " + path + ": the active key " + ring.active_key_id + " is missing");
  }
  return ring;
}

Status SaveKeyRing(const std::string& path, const KeyRing& ring) {
  boost::json::object keys;
  for (const auto& [id, key] : ring.data_keys) keys[id] = Base64Encode(key);
  boost::json::object document{{"active_key_id", ring.active_key_id},
                               {"blind_index_key", Base64Encode(ring.blind_index_key)},
                               {"data_keys", std::move(keys)}};
  std::string temporary = path + ".tmp";
  {
    std::ofstream output(temporary, std::ios::binary | std::ios::trunc);
    if (!output) return Internal("cannot write key file " + temporary);
    chmod(temporary.c_str(), 0600);
    output << boost::json::serialize(document) << '\n';
    output.flush();
    if (!output) return Internal("cannot write key file " + temporary);
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) return Internal("cannot replace key file " + path);
  return Status::Ok();
}

std::string AddKey(KeyRing& ring) {
  std::string id;
  do {
    id = "k" + ToHex(RandomBytes(4));
  } while (ring.data_keys.contains(id));
  ring.data_keys.emplace(id, RandomBytes(crypto_aead_xchacha20poly1305_ietf_KEYBYTES));
  ring.active_key_id = id;
  return id;
}

std::string FieldCipher::Encrypt(std::string_view plaintext, std::string_view associated_data) const {
  std::string key_id;
  std::string key;
  {
    std::lock_guard lock(mutex_);
    key_id = ring_.active_key_id;
    key = ring_.data_keys.at(key_id);
  }
  std::string sealed = RandomBytes(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  sealed.resize(sealed.size() + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long sealed_length = 0;
  auto* nonce = reinterpret_cast<unsigned char*>(sealed.data());
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &sealed_length,
                                             reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                                             reinterpret_cast<const unsigned char*>(associated_data.data()),
                                             associated_data.size(), nullptr, nonce,
                                             reinterpret_cast<const unsigned char*>(key.data()));
  sealed.resize(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + sealed_length);
  return std::string(kCipherVersion) + "." + key_id + "." + Base64Encode(sealed);
}

std::optional<std::string> FieldCipher::KeyIdOf(std::string_view ciphertext) {
  if (!ciphertext.starts_with(kCipherVersion) || ciphertext.size() < kCipherVersion.size() + 2 ||
      ciphertext[kCipherVersion.size()] != '.') {
    return std::nullopt;
  }
  std::string_view rest = ciphertext.substr(kCipherVersion.size() + 1);
  auto dot = rest.find('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  return std::string(rest.substr(0, dot));
}

Result<std::string> FieldCipher::Decrypt(std::string_view ciphertext, std::string_view associated_data) const {
  auto key_id = KeyIdOf(ciphertext);
  if (!key_id) return InvalidArgument("not a Chancery ciphertext");
  std::string key;
  {
    std::lock_guard lock(mutex_);
    auto found = ring_.data_keys.find(*key_id);
    if (found == ring_.data_keys.end())
      return FailedPrecondition("encryption key " + *key_id + " is not in the key file");
    key = found->second;
  }
  CHANCERY_ASSIGN_OR_RETURN(std::string sealed,
                            Base64Decode(ciphertext.substr(kCipherVersion.size() + 2 + key_id->size())));
  constexpr std::size_t kOverhead =
      crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (sealed.size() < kOverhead) return InvalidArgument("ciphertext too short");
  std::string plaintext(sealed.size() - kOverhead, '\0');
  unsigned long long plaintext_length = 0;
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data());
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plaintext.data()), &plaintext_length,
                                                 nullptr, nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                                 sealed.size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                                 reinterpret_cast<const unsigned char*>(associated_data.data()),
                                                 associated_data.size(), nonce,
                                                 reinterpret_cast<const unsigned char*>(key.data())) != 0) {
    return InvalidArgument("ciphertext failed authentication");
  }
  plaintext.resize(plaintext_length);
  return plaintext;
}

std::string FieldCipher::BlindIndex(std::string_view normalised_value, std::string_view purpose) const {
  std::string key;
  {
    std::lock_guard lock(mutex_);
    key = ring_.blind_index_key;
  }
  std::string message(purpose);
  message += '\0';
  message += normalised_value;
  return ToHex(HmacSha256(key, message));
}

std::string FieldCipher::ActiveKeyId() const {
  std::lock_guard lock(mutex_);
  return ring_.active_key_id;
}

void FieldCipher::ReplaceKeyRing(KeyRing ring) {
  std::lock_guard lock(mutex_);
  ring_ = std::move(ring);
}

}  // namespace chancery::crypto
