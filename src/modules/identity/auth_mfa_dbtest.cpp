// MfaService on every engine: enrolment, TOTP replay protection, single-use recovery codes, and ClearMfa.
#include <gtest/gtest.h>

#include <cctype>
#include <set>

#include "modules/identity/identity_test_fixture.hpp"
#include "modules/identity/mfa.hpp"
#include "modules/identity/totp.hpp"

namespace chancery::identity {
namespace {

using testing::kParis;

class MfaServiceTest : public testing::IdentityDbTest {
 protected:
  void SetUp() override {
    IdentityDbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    mfa_ = std::make_unique<MfaService>(clock(), *cipher_, options_);
    user_ = MakeUser("nguyen.mfa", kParis);
  }

  Result<MfaEnrolment> Begin() {
    Result<MfaEnrolment> enrolment = Internal("not run");
    Status status = db().Write("test.begin", [&](storage::Transaction& transaction) {
      enrolment = mfa_->BeginEnrolment(transaction, user_.id, user_.username);
      return enrolment.status();
    });
    return status.ok() ? enrolment : Result<MfaEnrolment>(status);
  }
  Result<std::vector<std::string>> Confirm(const std::string& code) {
    Result<std::vector<std::string>> codes = Internal("not run");
    Status status = db().Write("test.confirm", [&](storage::Transaction& transaction) {
      codes = mfa_->ConfirmEnrolment(transaction, user_.id, code);
      return codes.status();
    });
    return status.ok() ? codes : Result<std::vector<std::string>>(status);
  }
  Result<MfaMethod> Verify(const std::string& code) {
    Result<MfaMethod> method = Internal("not run");
    Status status = db().Write("test.verify", [&](storage::Transaction& transaction) {
      method = mfa_->Verify(transaction, user_.id, code);
      return method.status();
    });
    return status.ok() ? method : Result<MfaMethod>(status);
  }
  // The current code of the enrolment's secret, `offset` steps from now.
  std::string CodeFor(const MfaEnrolment& enrolment, int offset = 0) {
    Result<std::string> code = TotpCode(secret_, clock().NowMs() / 1000 + offset * kTotpStepSeconds);
    EXPECT_TRUE(code.ok());
    return code.ok() ? *code : "";
  }
  // Enrols the user; returns the recovery codes.
  std::vector<std::string> Enrol() {
    Result<MfaEnrolment> enrolment = Begin();
    EXPECT_TRUE(enrolment.ok()) << enrolment.status().ToString();
    secret_ = DecodeSecret(*enrolment);
    Result<std::vector<std::string>> codes = Confirm(CodeFor(*enrolment));
    EXPECT_TRUE(codes.ok()) << codes.status().ToString();
    return codes.ok() ? *codes : std::vector<std::string>{};
  }
  // The raw secret, decoded from its base32 form (RFC 4648 alphabet, no padding).
  static std::string DecodeSecret(const MfaEnrolment& enrolment) {
    static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::string bytes;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : enrolment.secret_base32) {
      buffer = (buffer << 5) | static_cast<unsigned>(kAlphabet.find(c));
      bits += 5;
      if (bits >= 8) {
        bytes += static_cast<char>((buffer >> (bits - 8)) & 0xFF);
        bits -= 8;
      }
    }
    return bytes;
  }

  IdentityOptions options_;
  std::unique_ptr<MfaService> mfa_;
  UserRecord user_;
  std::string secret_;
};
CHANCERY_DB_TEST_SUITE(MfaServiceTest);

TEST_P(MfaServiceTest, EnrolmentNeedsAValidCodeAndThenEnablesMfa) {
  Result<MfaEnrolment> enrolment = Begin();
  ASSERT_TRUE(enrolment.ok()) << enrolment.status().ToString();
  EXPECT_EQ(enrolment->secret_base32.size(), 32u);
  EXPECT_EQ(enrolment->otpauth_uri, "otpauth://totp/Chancery:nguyen.mfa?secret=" + enrolment->secret_base32 +
                                        "&issuer=Chancery&algorithm=SHA1&digits=6&period=30");
  EXPECT_TRUE(enrolment->qr_svg.starts_with("<svg"));
  secret_ = DecodeSecret(*enrolment);
  EXPECT_EQ(Base32Encode(secret_), enrolment->secret_base32);

  Result<std::vector<std::string>> wrong = Confirm("000000" == CodeFor(*enrolment) ? "111111" : "000000");
  ASSERT_FALSE(wrong.ok());
  EXPECT_TRUE(MfaService::IsWrongCode(wrong.status()));
  EXPECT_FALSE(service_->FindUser(user_.id)->value().mfa_enabled);

  Result<std::vector<std::string>> codes = Confirm(CodeFor(*enrolment));
  ASSERT_TRUE(codes.ok()) << codes.status().ToString();
  EXPECT_EQ(codes->size(), 10u);
  EXPECT_TRUE(service_->FindUser(user_.id)->value().mfa_enabled);
  // A second enrolment is refused until an administrator resets MFA.
  EXPECT_EQ(Begin().status().reason(), "mfa_already_enabled");
  // The pending secret is gone: confirming again has nothing to confirm.
  EXPECT_EQ(Confirm(CodeFor(*enrolment, 1)).status().reason(), "no_pending_enrolment");
}

TEST_P(MfaServiceTest, RefusesAReplayedTotpCode) {
  Enrol();  // consumed the current step
  clock().Advance(kTotpStepSeconds * 1000);
  const std::string code = TotpCode(secret_, clock().NowMs() / 1000).value();
  Result<MfaMethod> first = Verify(code);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(*first, MfaMethod::kTotp);
  // The same code, still inside its validity window, is a replay.
  clock().Advance(10 * 1000);
  EXPECT_TRUE(MfaService::IsWrongCode(Verify(code).status()));
  // So is the previous step's code, although ±1 step is otherwise accepted.
  EXPECT_TRUE(MfaService::IsWrongCode(Verify(TotpCode(secret_, clock().NowMs() / 1000 - 30).value()).status()));
  // The next step's code works.
  clock().Advance(kTotpStepSeconds * 1000);
  EXPECT_TRUE(Verify(TotpCode(secret_, clock().NowMs() / 1000).value()).ok());
}

TEST_P(MfaServiceTest, RecoveryCodesWorkOnceEach) {
  std::vector<std::string> codes = Enrol();
  ASSERT_EQ(codes.size(), 10u);
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), 10u);
  EXPECT_EQ(codes[0].size(), 11u);  // "abcde-fghij"

  Result<MfaMethod> used = Verify(codes[0]);
  ASSERT_TRUE(used.ok()) << used.status().ToString();
  EXPECT_EQ(*used, MfaMethod::kRecoveryCode);
  EXPECT_TRUE(MfaService::IsWrongCode(Verify(codes[0]).status()));
  // Case and hyphens do not matter; another code still works.
  std::string typed = codes[1];
  typed.erase(5, 1);
  for (char& c : typed) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(Verify(typed).ok());
  EXPECT_TRUE(MfaService::IsWrongCode(Verify("aaaaa-bbbbb").status()));

  Status stored = db().Read("test.stored", [&](storage::Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(auto rows, transaction.Query("SELECT code_hash FROM mfa_recovery_codes"));
    for (const auto& row : rows) {
      for (const std::string& code : codes) EXPECT_EQ(row.Text(0).find(code.substr(0, 5)), std::string::npos);
    }
    return Status::Ok();
  });
  EXPECT_TRUE(stored.ok());
}

TEST_P(MfaServiceTest, VerifyWithoutMfaIsAPreconditionFailure) {
  Result<MfaMethod> method = Verify("123456");
  EXPECT_EQ(method.status().code(), StatusCode::kFailedPrecondition);
}

TEST_P(MfaServiceTest, ClearMfaRemovesSecretRecoveryCodesAndPendingEnrolment) {
  std::vector<std::string> codes = Enrol();
  ASSERT_TRUE(Begin().status().reason() == "mfa_already_enabled");
  ASSERT_TRUE(
      db().Write("test.clear", [&](storage::Transaction& transaction) { return ClearMfa(transaction, user_.id); })
          .ok());
  EXPECT_FALSE(service_->FindUser(user_.id)->value().mfa_enabled);
  EXPECT_EQ(Verify(codes[2]).status().code(), StatusCode::kFailedPrecondition);
  // A pending enrolment started before a reset does not survive it either.
  ASSERT_TRUE(Begin().ok());
  ASSERT_TRUE(
      db().Write("test.clear", [&](storage::Transaction& transaction) { return ClearMfa(transaction, user_.id); })
          .ok());
  EXPECT_EQ(Confirm("123456").status().reason(), "no_pending_enrolment");
}

}  // namespace
}  // namespace chancery::identity
