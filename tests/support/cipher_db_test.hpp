// chancery::testing::CipherDbTest: a DbTest with what services that hold personal data need: a key ring with a fresh
// key and blind-index key, the field cipher over it, and the audit log. Fixtures build their services on these.
//
// A fixture that overrides SetUp calls CipherDbTest::SetUp first and returns if IsSkipped() || HasFatalFailure().
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "core/crypto.hpp"
#include "modules/audit/audit.hpp"
#include "support/db_test.hpp"

namespace chancery::testing {

class CipherDbTest : public DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(crypto::InitCrypto().ok());
    ring_.blind_index_key = crypto::RandomBytes(32);
    crypto::AddKey(ring_);
    cipher_ = std::make_unique<crypto::FieldCipher>(ring_);
    audit_ = std::make_unique<audit::AuditLog>(db(), clock());
  }

  crypto::KeyRing ring_;
  std::unique_ptr<crypto::FieldCipher> cipher_;
  std::unique_ptr<audit::AuditLog> audit_;
};

}  // namespace chancery::testing
