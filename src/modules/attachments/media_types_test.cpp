// What is accepted as an attachment is decided by the content (libmagic), and the name must agree with it.
#include "modules/attachments/media_types.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "modules/attachments/attachments.hpp"

namespace chancery::attachments {
namespace {

// The value, or `fallback` when the call failed (the comparison then fails showing the fallback).
template <typename T, typename U>
T ValueOr(const Result<T>& result, U fallback) {
  return result.ok() ? *result : T(fallback);
}

const std::string kPdf = "%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n";
const std::string kPng =
    std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89", 33);

std::string ReadFile(const char* path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

TEST(MediaTypesTest, DetectsByContent) {
  EXPECT_EQ(ValueOr(DetectMediaType(kPdf), ""), "application/pdf");
  EXPECT_EQ(ValueOr(DetectMediaType(kPng), ""), "image/png");
  EXPECT_EQ(ValueOr(DetectMediaType("Kính gửi Đại sứ quán,\nXin thông báo.\n"), ""), "text/plain");
  EXPECT_EQ(ValueOr(DetectMediaType("<!DOCTYPE html><html><body>x</body></html>"), ""), "text/html");
  const std::string executable = ReadFile("/bin/true");
  ASSERT_FALSE(executable.empty());
  // An ELF binary: a shared library or an executable to libmagic, never one of the accepted types.
  const std::string elf = ValueOr(DetectMediaType(executable), "");
  EXPECT_TRUE(elf == "application/x-sharedlib" || elf.find("executable") != std::string::npos) << elf;
  EXPECT_EQ(CheckAccepted(elf, "tool.pdf").reason(), "unsupported_media_type");
}

TEST(MediaTypesTest, AcceptsOfficeImagesAndTextWithAMatchingName) {
  EXPECT_TRUE(CheckAccepted("application/pdf", "Báo cáo.PDF").ok());
  EXPECT_TRUE(CheckAccepted("image/jpeg", "photo.jpeg").ok());
  EXPECT_TRUE(CheckAccepted("text/plain", "citizens.csv").ok());
  EXPECT_TRUE(
      CheckAccepted("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "note.docx").ok());
}

TEST(MediaTypesTest, RefusesWhatABrowserOrAShellWouldRunAndMisnamedFiles) {
  for (const char* type : {"text/html", "image/svg+xml", "application/x-pie-executable", "application/zip",
                           "application/x-dosexec", "application/octet-stream"}) {
    Status status = CheckAccepted(type, "file.pdf");
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << type;
    EXPECT_EQ(status.reason(), "unsupported_media_type") << type;
  }
  Status misnamed = CheckAccepted("application/pdf", "report.docx");
  EXPECT_EQ(misnamed.reason(), "unsupported_media_type");
  EXPECT_NE(misnamed.message().find(".pdf"), std::string::npos) << misnamed.message();
  EXPECT_FALSE(CheckAccepted("application/pdf", "report").ok());
}

TEST(MediaTypesTest, FileNamesLoseTheirPathControlCharactersAndQuotes) {
  EXPECT_EQ(ValueOr(SafeFilename("../../etc/passwd.txt"), ""), "passwd.txt");
  EXPECT_EQ(ValueOr(SafeFilename("C:\\Users\\lan\\Báo cáo.pdf"), ""), "Báo cáo.pdf");
  EXPECT_EQ(ValueOr(SafeFilename("a\"b\r\nc.pdf"), ""), "abc.pdf");
  EXPECT_EQ(ValueOr(SafeFilename("  report.pdf. "), ""), "report.pdf");
  EXPECT_FALSE(SafeFilename("\xff\xfe.pdf").ok());
  EXPECT_FALSE(SafeFilename("../").ok());
  const std::string long_name(300, 'a');
  const std::string shortened = ValueOr(SafeFilename(long_name + ".pdf"), "");
  EXPECT_EQ(shortened.size(), kMaxFilenameBytes);
  EXPECT_TRUE(shortened.ends_with(".pdf")) << shortened;
  // Never cut inside a character.
  std::string vietnamese;
  for (int i = 0; i < 150; ++i) vietnamese += "ệ";  // 3 bytes each
  EXPECT_EQ(ValueOr(SafeFilename(vietnamese), "").size(), 198u);
}

TEST(MediaTypesTest, TextIsServedAsUtf8) {
  EXPECT_EQ(ServedContentType("text/plain"), "text/plain; charset=utf-8");
  EXPECT_EQ(ServedContentType("application/pdf"), "application/pdf");
}

}  // namespace
}  // namespace chancery::attachments
