// What a file is, by its content (libmagic), and whether Chancery accepts it as an attachment.
//
// Accepted: PDF; PNG, JPEG, GIF and WebP images; Word, Excel and PowerPoint (OOXML and the older binary forms);
// OpenDocument text, spreadsheet and presentation; plain text and CSV. Everything else (executables, archives,
// HTML and SVG, which a browser would run) is refused. A file name's extension must agree with the content, so a
// PDF called "report.docx" is refused rather than opened by the wrong program.
//
// Thread-safety: DetectMediaType serialises its use of the one libmagic handle; the rest are pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/status.hpp"

namespace chancery::attachments {

// The MIME type libmagic finds in `bytes` (e.g. "application/pdf"); kInternal if libmagic cannot load its database.
Result<std::string> DetectMediaType(std::string_view bytes);

// OK when `media_type` is accepted and `filename`'s extension is one of its extensions; otherwise kInvalidArgument
// with reason "unsupported_media_type" (415) and a sentence a user can act on.
Status CheckAccepted(std::string_view media_type, std::string_view filename);

// The file name made safe to store and to send back in Content-Disposition: the last path component, without
// control characters or quotes, valid UTF-8, at most kMaxFilenameBytes; kInvalidArgument when nothing is left.
Result<std::string> SafeFilename(std::string_view filename);

// The Content-Type to serve `media_type` with (text gets "; charset=utf-8").
std::string ServedContentType(std::string_view media_type);

}  // namespace chancery::attachments
