#include "modules/attachments/media_types.hpp"

#include <magic.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <mutex>

#include "modules/attachments/attachments.hpp"

namespace chancery::attachments {
namespace {

struct Accepted {
  std::string_view media_type;
  std::string_view extensions;  // space-separated, lower case, without the dot
};

// libmagic's names. CSV has no reliable signature: libmagic calls it text/plain, so ".csv" is a text extension.
constexpr std::array<Accepted, 17> kAccepted = {{
    {"application/pdf", "pdf"},
    {"image/png", "png"},
    {"image/jpeg", "jpg jpeg"},
    {"image/gif", "gif"},
    {"image/webp", "webp"},
    {"text/plain", "txt csv md log"},
    {"text/csv", "csv txt"},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
    {"application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"},
    {"application/msword", "doc"},
    {"application/vnd.ms-excel", "xls"},
    {"application/vnd.ms-powerpoint", "ppt"},
    {"application/CDFV2", "doc xls ppt"},  // older Office files libmagic cannot tell apart
    {"application/vnd.oasis.opendocument.text", "odt"},
    {"application/vnd.oasis.opendocument.spreadsheet", "ods"},
    {"application/vnd.oasis.opendocument.presentation", "odp"},
}};

// One libmagic handle for the process: loading the database takes milliseconds, and a handle is not thread-safe.
class Magic {
 public:
  ~Magic() {
    if (cookie_ != nullptr) magic_close(cookie_);
  }
  Result<std::string> Detect(std::string_view bytes) {
    std::lock_guard lock(mutex_);
    if (cookie_ == nullptr) {
      magic_t cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS);
      if (cookie == nullptr) return Internal("libmagic could not start.");
      if (magic_load(cookie, nullptr) != 0) {
        std::string error = magic_error(cookie) != nullptr ? magic_error(cookie) : "unknown error";
        magic_close(cookie);
        return Internal("libmagic could not load its database: " + error);
      }
      cookie_ = cookie;
    }
    const char* type = magic_buffer(cookie_, bytes.data(), bytes.size());
    if (type == nullptr) return std::string("application/octet-stream");
    return std::string(type);
  }

 private:
  std::mutex mutex_;
  magic_t cookie_ = nullptr;
};

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

bool HasWord(std::string_view words, std::string_view word) {
  while (!words.empty()) {
    const std::size_t space = words.find(' ');
    if (words.substr(0, space) == word) return true;
    if (space == std::string_view::npos) break;
    words.remove_prefix(space + 1);
  }
  return false;
}

Status Unsupported(std::string message) {
  return InvalidArgument(std::move(message)).WithReason("unsupported_media_type").WithField("filename");
}

}  // namespace

Result<std::string> DetectMediaType(std::string_view bytes) {
  static Magic magic;
  return magic.Detect(bytes);
}

Status CheckAccepted(std::string_view media_type, std::string_view filename) {
  const auto accepted = std::find_if(kAccepted.begin(), kAccepted.end(),
                                     [&](const Accepted& entry) { return entry.media_type == media_type; });
  if (accepted == kAccepted.end()) {
    return Unsupported("Files of type " + std::string(media_type) +
                       " cannot be attached. Accepted: PDF, images (PNG, JPEG, GIF, WebP), Word, Excel, PowerPoint, "
                       "OpenDocument, plain text and CSV.");
  }
  const std::size_t dot = filename.rfind('.');
  const std::string extension = dot == std::string_view::npos ? "" : Lower(filename.substr(dot + 1));
  if (!HasWord(accepted->extensions, extension)) {
    std::string expected(accepted->extensions.substr(0, accepted->extensions.find(' ')));
    return Unsupported("The file's content is " + std::string(media_type) + ", but its name " +
                       (extension.empty() ? std::string("has no extension") : "ends in ." + extension) + "; name it ." +
                       expected + ".");
  }
  return Status::Ok();
}

Result<std::string> SafeFilename(std::string_view filename) {
  const std::size_t slash = filename.find_last_of("/\\");
  if (slash != std::string_view::npos) filename.remove_prefix(slash + 1);
  std::string safe;
  std::int32_t offset = 0;
  const auto length = static_cast<std::int32_t>(filename.size());
  while (offset < length) {
    const std::int32_t start = offset;
    UChar32 c = 0;
    U8_NEXT(filename.data(), offset, length, c);
    if (c < 0) return InvalidArgument("The file name is not valid UTF-8.").WithField("filename");
    if (c < 0x20 || c == 0x7f || c == '"' || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) continue;
    safe.append(filename.data() + start, static_cast<std::size_t>(offset - start));
  }
  while (!safe.empty() && (safe.back() == ' ' || safe.back() == '.')) safe.pop_back();
  while (!safe.empty() && (safe.front() == ' ' || safe.front() == '.')) safe.erase(safe.begin());
  if (safe.size() > kMaxFilenameBytes) {
    // Shorten the name, not the extension, and never inside a character.
    const std::size_t dot = safe.rfind('.');
    const std::string extension = dot != std::string::npos && safe.size() - dot <= 16 ? safe.substr(dot) : "";
    std::size_t cut = kMaxFilenameBytes - extension.size();
    while (cut > 0 && (static_cast<unsigned char>(safe[cut]) & 0xc0) == 0x80) --cut;
    safe = safe.substr(0, cut) + extension;
  }
  if (safe.empty()) return InvalidArgument("Name the file (the filename parameter).").WithField("filename");
  return safe;
}

std::string ServedContentType(std::string_view media_type) {
  if (media_type.starts_with("text/")) return std::string(media_type) + "; charset=utf-8";
  return std::string(media_type);
}

}  // namespace chancery::attachments
