// Cryptographic primitives on libsodium and OpenSSL: random tokens, hashes, Argon2id passwords, and field-level
// encryption of personal data with key rotation and keyed blind indexes.
//
// Call InitCrypto() once at start-up (it calls sodium_init). After that every function here is thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace chancery::crypto {

Status InitCrypto();

std::string RandomBytes(std::size_t count);
// `bytes` random bytes as unpadded base64url: session ids, API tokens, CSRF tokens.
std::string RandomToken(std::size_t bytes = 32);

std::string Sha256(std::string_view data);                            // raw 32 bytes
std::string Sha256Hex(std::string_view data);                         // lower-case hex
std::string HmacSha256(std::string_view key, std::string_view data);  // raw 32 bytes
std::string ToHex(std::string_view bytes);
std::string Base64Encode(std::string_view bytes);  // standard alphabet, padded
Result<std::string> Base64Decode(std::string_view text);
std::string Base64UrlEncode(std::string_view bytes);  // unpadded
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Argon2id (libsodium crypto_pwhash_str, moderate limits). The result embeds salt and parameters.
Result<std::string> HashPassword(std::string_view password);
bool VerifyPassword(std::string_view hash, std::string_view password);

// Keys for personal-data fields. The key file (JSON, mode 0600) holds every key ever used, by id; one is active
// for new ciphertexts; old ones remain to decrypt until `chancery admin rotate-keys` has re-encrypted all rows.
struct KeyRing {
  std::string active_key_id;
  std::map<std::string, std::string> data_keys;  // id → 32 raw bytes (XChaCha20-Poly1305)
  std::string blind_index_key;                   // 32 raw bytes; never rotates (lookups depend on it)
};

// Loads the key file, creating it with mode 0600 and fresh keys if it does not exist. Refuses a key file that is
// readable by group or others.
Result<KeyRing> LoadOrCreateKeyRing(const std::string& path);
Status SaveKeyRing(const std::string& path, const KeyRing& ring);
// Adds a fresh key and makes it active; returns its id.
std::string AddKey(KeyRing& ring);

// Encrypts and decrypts personal-data fields: "v1.<key id>.<base64(nonce || ciphertext)>". The associated data
// binds a ciphertext to its place (e.g. "users.email"), so a value copied into another column does not decrypt.
// Thread-safety: safe for concurrent use; Rotate swaps the key ring under a lock.
class FieldCipher {
 public:
  explicit FieldCipher(KeyRing ring) : ring_(std::move(ring)) {}

  std::string Encrypt(std::string_view plaintext, std::string_view associated_data) const;
  Result<std::string> Decrypt(std::string_view ciphertext, std::string_view associated_data) const;
  // The key id of a ciphertext, to find rows still under an old key.
  static std::optional<std::string> KeyIdOf(std::string_view ciphertext);
  // Deterministic keyed index for exact-match lookups (HMAC-SHA256 over the normalised value, hex).
  std::string BlindIndex(std::string_view normalised_value, std::string_view purpose) const;

  std::string ActiveKeyId() const;
  void ReplaceKeyRing(KeyRing ring);

 private:
  mutable std::mutex mutex_;
  KeyRing ring_;
};

}  // namespace chancery::crypto
