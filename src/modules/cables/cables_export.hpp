// A cable as plain text, in the layout cables have always had on paper: the classification banner above and below,
// reference and precedence, FROM / TO / INFO lines, subject, tags, captions, references, the clearance record, the
// attached files with their digests, then the text. For archiving outside Chancery and for printing; the API
// serves it as a download (GET /cables/:id/export), to those who may see the cable, audited as "cable.exported".
//
// Thread-safety: a pure function.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "modules/cables/cables.hpp"

namespace chancery::cables {

// How the export names what the cable refers to by id.
struct ExportNames {
  std::function<std::string(std::int64_t unit_id)> unit;    // e.g. "EMB-FR"
  std::function<std::string(std::int64_t user_id)> user;    // e.g. "Nguyễn Văn Lan (lan.nguyen)"
  std::function<std::string(std::int64_t list_id)> list;    // e.g. "Schengen consular cell"
  std::function<std::string(std::int64_t cable_id)> cable;  // a referenced cable's reference
};

struct CableExport {
  std::string filename;  // "<reference>.txt", or "draft-<id>.txt"
  std::string text;
};

std::string CableAsText(const Cable& cable, const ExportNames& names, std::int64_t exported_at_ms,
                        std::string_view exported_by);

}  // namespace chancery::cables
