#include "modules/cables/cables_export.hpp"

#include <algorithm>
#include <cctype>

#include "core/clock.hpp"

namespace chancery::cables {
namespace {

constexpr std::string_view kRule = "------------------------------------------------------------------------\n";

std::string Upper(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

// "2026-11-28T09:15:00.000Z" → "2026-11-28 09:15 UTC"
std::string Time(std::int64_t unix_ms) {
  const std::string iso = FormatIsoTime(unix_ms);
  return iso.substr(0, 10) + " " + iso.substr(11, 5) + " UTC";
}

std::string HumanSize(std::int64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  if (bytes < 1024 * 1024) return std::to_string((bytes + 1023) / 1024) + " KB";
  return std::to_string(bytes / (1024 * 1024)) + "." + std::to_string(bytes % (1024 * 1024) * 10 / (1024 * 1024)) +
         " MB";
}

std::string AddresseeText(const Addressee& addressee, const ExportNames& names) {
  std::string text;
  switch (addressee.kind) {
    case AddresseeKind::kUnit: text = names.unit(addressee.unit_id); break;
    case AddresseeKind::kUser: text = names.user(addressee.user_id); break;
    case AddresseeKind::kCollective: text = Upper(addressee.collective); break;
    case AddresseeKind::kList: text = "LIST \"" + names.list(addressee.list_id) + "\""; break;
  }
  if (addressee.via_list_id != 0) text += " (via list \"" + names.list(addressee.via_list_id) + "\")";
  if (addressee.niact) text += " NIACT";
  return text;
}

// "TO:   A; B; C" wrapped under its label.
void AddresseeLine(std::string& out, std::string_view label, const Cable& cable, AddresseeRole role,
                   const ExportNames& names) {
  std::vector<std::string> items;
  for (const Addressee& addressee : cable.addressees) {
    if (addressee.role == role) items.push_back(AddresseeText(addressee, names));
  }
  if (items.empty()) return;
  std::string line(label);
  line.resize(10, ' ');
  const std::string indent(10, ' ');
  std::size_t width = line.size();
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string item = items[i] + (i + 1 < items.size() ? ";" : "");
    if (width > indent.size() && width + 1 + item.size() > 72) {
      out += line + "\n";
      line = indent;
      width = indent.size();
    } else if (width > indent.size()) {
      line += " ";
      ++width;
    }
    line += item;
    width += item.size();
  }
  out += line + "\n";
}

void Field(std::string& out, std::string_view label, const std::string& value) {
  if (value.empty()) return;
  std::string line(label);
  line.resize(10, ' ');
  out += line + value + "\n";
}

}  // namespace

std::string CableAsText(const Cable& cable, const ExportNames& names, std::int64_t exported_at_ms,
                        std::string_view exported_by) {
  std::string banner = Upper(ClassificationName(cable.classification));
  for (Caption caption : cable.captions) banner += " " + Upper(CaptionName(caption));
  std::string out = banner + "\n" + std::string(kRule);
  const std::string reference =
      cable.reference.empty() ? "DRAFT " + std::to_string(cable.id) + " (" + Upper(CableStateName(cable.state)) + ")"
                              : cable.reference;
  std::string head = reference;
  const std::string precedence = Upper(PrecedenceName(cable.precedence));
  head.resize(std::max<std::size_t>(head.size() + 1, 72 - precedence.size()), ' ');
  out += head + precedence + "\n";
  if (cable.released_at_ms) Field(out, "DATE:", Time(*cable.released_at_ms));
  Field(out, "FROM:", names.unit(cable.originating_unit_id));
  AddresseeLine(out, "ACTION:", cable, AddresseeRole::kAction, names);
  AddresseeLine(out, "INFO:", cable, AddresseeRole::kInfo, names);
  Field(out, "SUBJECT:", cable.subject);
  std::string tags;
  for (const std::string& tag : cable.tags) tags += (tags.empty() ? "" : ", ") + tag;
  Field(out, "TAGS:", tags);
  std::string references;
  for (std::int64_t id : cable.references) references += (references.empty() ? "" : ", ") + names.cable(id);
  Field(out, "REF:", references);
  out += kRule;
  Field(out, "DRAFTED:", names.user(cable.drafter_user_id));
  for (const Clearer& clearer : cable.clearers) {
    if (clearer.decision != ClearanceDecision::kCleared || !clearer.decided_at_ms) continue;
    Field(out, "CLEARED:", names.user(clearer.user_id) + ", " + Time(*clearer.decided_at_ms));
  }
  if (cable.released_by != 0 && cable.released_at_ms) {
    Field(out, "RELEASED:", names.user(cable.released_by) + ", " + Time(*cable.released_at_ms));
  }
  for (const attachments::Attachment& attachment : cable.attachments) {
    Field(out, "ATTACHED:",
          attachment.filename + " (" + HumanSize(attachment.size_bytes) + ", " + attachment.media_type + ", SHA-256 " +
              attachment.sha256 + ")");
  }
  out += kRule;
  out += "\n";
  out += cable.body;
  if (!cable.body.empty() && cable.body.back() != '\n') out += "\n";
  out += "\n" + std::string(kRule);
  out += "Exported " + Time(exported_at_ms) + " by " + std::string(exported_by) + "\n";
  out += banner + "\n";
  return out;
}

}  // namespace chancery::cables
