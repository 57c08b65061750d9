// Unit tests for core: configuration layering and validation, crypto primitives and field encryption.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/config_validation.hpp"
#include "core/crypto.hpp"

namespace chancery {
namespace {

std::string WriteTemporary(const std::string& name, const std::string& content) {
  auto path = std::filesystem::temp_directory_path() / (name + std::to_string(::getpid()));
  std::ofstream(path) << content;
  return path.string();
}

TEST(ConfigTest, DefaultsAreValidAndLocalOnly) {
  auto config = LoadConfig({});
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->server.listen, "127.0.0.1:8080");
  EXPECT_EQ(config->storage.engine, "sqlite");
  EXPECT_EQ(config->SqlitePath(), "./var/chancery.db");
  EXPECT_GE(config->audit.retention_days, 365);
}

TEST(ConfigTest, EnvironmentOverridesFileAndFlagsOverrideBoth) {
  std::string path = WriteTemporary("chancery-config", "[server]\nlisten = \"127.0.0.1:9000\"\nio_threads = 3\n");
  ConfigSources sources;
  sources.toml_path = path;
  auto from_file = LoadConfig(sources);
  ASSERT_TRUE(from_file.ok()) << from_file.status().ToString();
  EXPECT_EQ(from_file->server.listen, "127.0.0.1:9000");
  EXPECT_EQ(from_file->server.io_threads, 3);

  sources.environment = {{"CHANCERY_SERVER_LISTEN", "127.0.0.1:9001"}};
  EXPECT_EQ(LoadConfig(sources)->server.listen, "127.0.0.1:9001");

  sources.flags = {{"server.listen", "127.0.0.1:9002"}};
  EXPECT_EQ(LoadConfig(sources)->server.listen, "127.0.0.1:9002");
  std::filesystem::remove(path);
}

TEST(ConfigTest, WideIntegersKeepEveryBit) {
  ConfigSources sources;
  sources.environment = {{"CHANCERY_ALERTS_APPROVAL_THRESHOLD", "5000000000"}, {"CHANCERY_SERVER_IO_THREADS", "7"}};
  auto config = LoadConfig(sources);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->alerts.approval_threshold, 5000000000LL);
  EXPECT_EQ(config->server.io_threads, 7);
}

TEST(ConfigTest, ErrorsNameTheKey) {
  std::string path = WriteTemporary("chancery-bad", "[server]\nlistn = \"x\"\n");
  ConfigSources sources;
  sources.toml_path = path;
  auto unknown = LoadConfig(sources);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("server.listn"), std::string::npos);
  std::filesystem::remove(path);

  auto bad_engine = LoadConfig({.environment = {{"CHANCERY_STORAGE_ENGINE", "oracle"}}});
  ASSERT_FALSE(bad_engine.ok());
  EXPECT_NE(bad_engine.status().message().find("storage.engine"), std::string::npos);

  auto short_retention = LoadConfig({.flags = {{"audit.retention_days", "30"}}});
  ASSERT_FALSE(short_retention.ok());
  EXPECT_NE(short_retention.status().message().find("audit.retention_days"), std::string::npos);

  auto short_baseline =
      LoadConfig({.flags = {{"monitor.burst_recent_minutes", "120"}, {"monitor.burst_baseline_hours", "3"}}});
  ASSERT_FALSE(short_baseline.ok()) << "a baseline must be at least twice the recent window";
  EXPECT_NE(short_baseline.status().message().find("monitor.burst_baseline_hours"), std::string::npos);
  auto half_hour =
      LoadConfig({.flags = {{"monitor.burst_recent_minutes", "30"}, {"monitor.burst_baseline_hours", "6"}}});
  ASSERT_TRUE(half_hour.ok()) << half_hour.status().ToString();
  EXPECT_EQ(half_hour->monitor.burst_recent_minutes, 30);

  auto no_rounds = LoadConfig({.environment = {{"CHANCERY_ALERTS_DELIVERY_ROUNDS", "0"}}});
  ASSERT_FALSE(no_rounds.ok()) << "a node that runs no delivery round would never send an alert";
  EXPECT_NE(no_rounds.status().message().find("alerts.delivery_rounds"), std::string::npos);
  EXPECT_EQ(LoadConfig({.environment = {{"CHANCERY_ALERTS_DELIVERY_ROUNDS", "4"}}})->alerts.delivery_rounds, 4);

  auto bad_port = LoadConfig({.flags = {{"server.listen", "127.0.0.1:99999"}}});
  ASSERT_FALSE(bad_port.ok());
  EXPECT_NE(bad_port.status().message().find("server.listen"), std::string::npos);

  auto not_a_number = LoadConfig({.environment = {{"CHANCERY_SERVER_IO_THREADS", "many"}}});
  ASSERT_FALSE(not_a_number.ok());
  EXPECT_NE(not_a_number.status().message().find("server.io_threads"), std::string::npos);

  auto postgres_without_url = LoadConfig({.flags = {{"storage.engine", "postgres"}}});
  ASSERT_FALSE(postgres_without_url.ok());
  EXPECT_NE(postgres_without_url.status().message().find("storage.postgres_url"), std::string::npos);
}

TEST(ConfigTest, ParsesHostPort) {
  EXPECT_EQ(ParseHostPort("[::1]:8443")->host, "::1");
  EXPECT_EQ(ParseHostPort("0.0.0.0:0")->port, 0);
  EXPECT_FALSE(ParseHostPort("localhost").ok());
  EXPECT_FALSE(ParseHostPort(":80").ok());
}

class CryptoTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(crypto::InitCrypto().ok()); }
};

TEST_F(CryptoTest, HashesMatchKnownVectors) {
  EXPECT_EQ(crypto::Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test case 2.
  EXPECT_EQ(crypto::ToHex(crypto::HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(crypto::Base64Encode("hello"), "aGVsbG8=");
  EXPECT_EQ(*crypto::Base64Decode("aGVsbG8="), "hello");
  EXPECT_FALSE(crypto::Base64Decode("***").ok());
}

TEST_F(CryptoTest, RandomTokensAreUniqueAndUrlSafe) {
  std::string a = crypto::RandomToken(32);
  std::string b = crypto::RandomToken(32);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 43u);
  EXPECT_EQ(a.find_first_of("+/="), std::string::npos);
}

TEST_F(CryptoTest, PasswordsVerifyOnlyWithTheRightPassword) {
  auto hash = crypto::HashPassword("correct horse battery staple");
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_TRUE(crypto::VerifyPassword(*hash, "correct horse battery staple"));
  EXPECT_FALSE(crypto::VerifyPassword(*hash, "correct horse battery stapler"));
}

TEST_F(CryptoTest, FieldCipherRoundTripsBindsContextAndRotates) {
  crypto::KeyRing ring;
  crypto::AddKey(ring);
  ring.blind_index_key = crypto::RandomBytes(32);
  crypto::FieldCipher cipher(ring);
  std::string sealed = cipher.Encrypt("nguyen.van.a@example.vn", "users.email");
  EXPECT_EQ(sealed.find("nguyen"), std::string::npos);
  EXPECT_EQ(*crypto::FieldCipher::KeyIdOf(sealed), ring.active_key_id);
  EXPECT_EQ(*cipher.Decrypt(sealed, "users.email"), "nguyen.van.a@example.vn");
  EXPECT_FALSE(cipher.Decrypt(sealed, "users.phone").ok()) << "a value moved to another column must not decrypt";

  std::string old_key = ring.active_key_id;
  crypto::AddKey(ring);
  cipher.ReplaceKeyRing(ring);
  EXPECT_NE(cipher.ActiveKeyId(), old_key);
  EXPECT_EQ(*cipher.Decrypt(sealed, "users.email"), "nguyen.van.a@example.vn") << "old keys still decrypt";
  EXPECT_EQ(*crypto::FieldCipher::KeyIdOf(cipher.Encrypt("x", "users.email")), cipher.ActiveKeyId());

  EXPECT_EQ(cipher.BlindIndex("a@b.vn", "email"), cipher.BlindIndex("a@b.vn", "email"));
  EXPECT_NE(cipher.BlindIndex("a@b.vn", "email"), cipher.BlindIndex("a@b.vn", "phone"));
}

TEST_F(CryptoTest, KeyFileIsCreatedPrivateAndRefusedWhenShared) {
  auto path = (std::filesystem::temp_directory_path() / ("chancery-keys-" + std::to_string(::getpid()))).string();
  std::filesystem::remove(path);
  auto created = crypto::LoadOrCreateKeyRing(path);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  struct stat info {};
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  auto loaded = crypto::LoadOrCreateKeyRing(path);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->active_key_id, created->active_key_id);
  EXPECT_EQ(loaded->data_keys, created->data_keys);
  chmod(path.c_str(), 0644);
  EXPECT_FALSE(crypto::LoadOrCreateKeyRing(path).ok());
  std::filesystem::remove(path);
}

TEST(ClockTest, FormatsIsoTime) {
  EXPECT_EQ(FormatIsoTime(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIsoTime(1796000000123), "2026-11-30T00:53:20.123Z");
}

}  // namespace
}  // namespace chancery
