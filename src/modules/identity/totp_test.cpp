// TOTP against the RFC 6238 test vectors, the otpauth URI, and the enrolment QR code's SVG.
#include "modules/identity/totp.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <utility>
#include <vector>

namespace chancery::identity {
namespace {

// RFC 6238 appendix B, HMAC-SHA-1, seed "12345678901234567890" (ASCII), 8 digits.
const std::string kRfcSeed = "12345678901234567890";
const std::vector<std::pair<std::int64_t, std::string>> kRfcVectors = {
    {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
    {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
};

TEST(TotpTest, GeneratesTheRfc6238Sha1Vectors) {
  for (const auto& [time, expected] : kRfcVectors) {
    Result<std::string> code = TotpCode(kRfcSeed, time, 8);
    ASSERT_TRUE(code.ok()) << code.status().ToString();
    EXPECT_EQ(*code, expected) << "at T=" << time;
  }
}

TEST(TotpTest, MatchesTheRfc6238VectorsAtTheirOwnStep) {
  for (const auto& [time, code] : kRfcVectors) {
    std::optional<std::int64_t> step = MatchTotp(kRfcSeed, code, time, 0);
    ASSERT_TRUE(step.has_value()) << "at T=" << time;
    EXPECT_EQ(*step, time / 30);
  }
}

TEST(TotpTest, SixDigitCodesAreTheLastSixDigits) {
  Result<std::string> code = TotpCode(kRfcSeed, 59, 6);
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(*code, "287082");
}

TEST(TotpTest, AcceptsOneStepEitherSideAndNoMore) {
  const std::int64_t now = 1111111111;  // step 37037037
  const std::int64_t step = now / 30;
  for (int offset : {-1, 0, 1}) {
    std::string code = *TotpCode(kRfcSeed, (step + offset) * 30, 6);
    std::optional<std::int64_t> matched = MatchTotp(kRfcSeed, code, now);
    ASSERT_TRUE(matched.has_value()) << "offset " << offset;
    EXPECT_EQ(*matched, step + offset);
  }
  for (int offset : {-3, -2, 2, 3}) {
    std::string code = *TotpCode(kRfcSeed, (step + offset) * 30, 6);
    // A neighbouring step's code may collide by chance (1 in 10^6); these fixed vectors do not.
    EXPECT_FALSE(MatchTotp(kRfcSeed, code, now).has_value()) << "offset " << offset;
  }
}

TEST(TotpTest, RejectsMalformedCodes) {
  for (const char* code : {"", "12345", "12a456", "123456789", " 28708", "-28708"}) {
    EXPECT_FALSE(MatchTotp(kRfcSeed, code, 59).has_value()) << "code \"" << code << "\"";
  }
}

TEST(TotpTest, NewSecretsAreTwentyRandomBytes) {
  std::string first = NewTotpSecret();
  std::string second = NewTotpSecret();
  EXPECT_EQ(first.size(), 20u);
  EXPECT_NE(first, second);
}

TEST(TotpTest, Base32EncodesWithoutPadding) {
  EXPECT_EQ(Base32Encode(kRfcSeed), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  EXPECT_EQ(Base32Encode("f"), "MY");  // RFC 4648 "MY======" without its padding
}

TEST(TotpTest, BuildsTheOtpauthUri) {
  EXPECT_EQ(OtpauthUri("Chancery", "nguyen.van.a", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/Chancery:nguyen.van.a?secret=JBSWY3DPEHPK3PXP&issuer=Chancery&algorithm=SHA1&digits=6"
            "&period=30");
  EXPECT_EQ(OtpauthUri("Bộ Ngoại giao", "a b", "X"),
            "otpauth://totp/B%E1%BB%99%20Ngo%E1%BA%A1i%20giao:a%20b?secret=X&issuer=B%E1%BB%99%20Ngo%E1%BA%A1i%20giao"
            "&algorithm=SHA1&digits=6&period=30");
}

// Rebuilds the module grid from the path's "Mx yhNv1h-Nz" runs.
std::set<std::pair<int, int>> DarkModules(const std::string& svg) {
  std::set<std::pair<int, int>> dark;
  std::regex run(R"re(M(\d+) (\d+)h(\d+)v1h-(\d+)z)re");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), run); it != std::sregex_iterator(); ++it) {
    int x = std::stoi((*it)[1]), y = std::stoi((*it)[2]), length = std::stoi((*it)[3]);
    EXPECT_EQ(length, std::stoi((*it)[4]));
    for (int i = 0; i < length; ++i) dark.insert({x + i, y});
  }
  return dark;
}

TEST(TotpQrTest, RendersASquareWellFormedSvgWithAQuietZone) {
  const std::string uri = OtpauthUri("Chancery", "nguyen.van.a", Base32Encode(kRfcSeed));
  Result<std::string> svg = QrCodeSvg(uri, 4);
  ASSERT_TRUE(svg.ok()) << svg.status().ToString();
  EXPECT_TRUE(svg->starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_TRUE(svg->ends_with("</svg>"));
  // Every element is closed: self-closing rect and path, and the svg element.
  EXPECT_EQ(std::count(svg->begin(), svg->end(), '<'), 4);
  EXPECT_EQ(std::count(svg->begin(), svg->end(), '>'), 4);

  std::smatch box;
  ASSERT_TRUE(
      std::regex_search(*svg, box, std::regex(R"re(viewBox="0 0 (\d+) (\d+)" width="(\d+)" height="(\d+)")re")));
  const int size = std::stoi(box[1]);
  EXPECT_EQ(box[1], box[2]);
  EXPECT_EQ(box[3], box[4]);
  // Version v has 17 + 4v modules; plus 4 quiet modules either side.
  EXPECT_EQ((size - 8 - 17) % 4, 0);

  std::set<std::pair<int, int>> dark = DarkModules(*svg);
  ASSERT_FALSE(dark.empty());
  for (const auto& [x, y] : dark) {
    EXPECT_GE(x, 4);
    EXPECT_GE(y, 4);
    EXPECT_LT(x, size - 4);
    EXPECT_LT(y, size - 4);
  }
  // The three finder patterns: a dark 7×7 ring around a light ring around a dark 3×3 centre.
  const int symbol = size - 8;
  for (auto [left, top] : {std::pair{4, 4}, std::pair{4 + symbol - 7, 4}, std::pair{4, 4 + symbol - 7}}) {
    for (int dy = 0; dy < 7; ++dy) {
      for (int dx = 0; dx < 7; ++dx) {
        const bool ring = dx == 0 || dy == 0 || dx == 6 || dy == 6;
        const bool centre = dx >= 2 && dx <= 4 && dy >= 2 && dy <= 4;
        EXPECT_EQ(dark.contains({left + dx, top + dy}), ring || centre) << "finder at " << left << "," << top;
      }
    }
  }
}

TEST(TotpQrTest, HonoursTheQuietZoneWidth) {
  Result<std::string> narrow = QrCodeSvg("otpauth://totp/x", 0);
  Result<std::string> wide = QrCodeSvg("otpauth://totp/x", 6);
  ASSERT_TRUE(narrow.ok() && wide.ok());
  std::smatch narrow_box, wide_box;
  ASSERT_TRUE(std::regex_search(*narrow, narrow_box, std::regex(R"re(viewBox="0 0 (\d+))re")));
  ASSERT_TRUE(std::regex_search(*wide, wide_box, std::regex(R"re(viewBox="0 0 (\d+))re")));
  EXPECT_EQ(std::stoi(wide_box[1]) - std::stoi(narrow_box[1]), 12);
  EXPECT_FALSE(QrCodeSvg("x", -1).ok());
}

}  // namespace
}  // namespace chancery::identity
