// Writing the Atom feed of public alerts.
#include "modules/alerts/atom_feed.hpp"

namespace chancery::alerts {
namespace {

constexpr const char* kAtomNamespace = "http://www.w3.org/2005/Atom";

// RFC 3339 as Atom wants it: CAP's form, except that UTC is "Z" (CAP's "-00:00" means "offset unknown" there).
Result<std::string> AtomTime(const std::string& field, const CapTime& time) {
  Result<std::string> text = FormatCapTime(time);
  if (!text.ok()) return InvalidArgument(field + ": " + text.status().message());
  if (time.utc_offset.count() == 0) return text->substr(0, text->size() - 6) + "Z";
  return text;
}

Status CheckRequired(const std::string& field, const std::string& text) {
  if (text.empty()) return InvalidArgument(field + ": is empty");
  return CheckXmlText(field, text);
}

bool IsUrn(const std::string& text) {
  return text.size() > 4 && (text[0] | 0x20) == 'u' && (text[1] | 0x20) == 'r' && (text[2] | 0x20) == 'n' &&
         text[3] == ':' && text.find_first_of(" \t\r\n<>\"") == std::string::npos;
}

}  // namespace

Result<std::string> WriteAtomFeed(const AtomFeed& feed) {
  CHANCERY_TRY(CheckRequired("feed id", feed.id));
  CHANCERY_TRY(CheckRequired("feed title", feed.title));
  CHANCERY_TRY(CheckRequired("feed self link", feed.self_url));
  CHANCERY_TRY(CheckRequired("feed author", feed.author_name));
  CHANCERY_TRY(CheckXmlText("feed language", feed.language));
  CHANCERY_ASSIGN_OR_RETURN(const std::string updated, AtomTime("feed updated", feed.updated));
  std::vector<std::string> entry_times;
  for (std::size_t i = 0; i < feed.entries.size(); ++i) {
    const AtomEntry& entry = feed.entries[i];
    const std::string field = "entry " + std::to_string(i + 1);
    if (!IsUrn(entry.cap_identifier)) {
      return InvalidArgument(field + ": the CAP identifier \"" + entry.cap_identifier +
                             "\" is not a URN, which an Atom id must be here");
    }
    CHANCERY_TRY(CheckRequired(field + " headline", entry.headline));
    CHANCERY_TRY(CheckXmlText(field + " description", entry.description));
    CHANCERY_TRY(CheckRequired(field + " CAP link", entry.cap_url));
    CHANCERY_ASSIGN_OR_RETURN(std::string entry_time, AtomTime(field + " updated", entry.updated));
    entry_times.push_back(std::move(entry_time));
  }

  detail::XmlWriter writer;
  writer.StartElement("feed");
  writer.Attribute("xmlns", kAtomNamespace);
  if (!feed.language.empty()) writer.Attribute("xml:lang", feed.language);
  writer.Element("id", feed.id);
  writer.Element("title", feed.title);
  writer.Element("updated", updated);
  writer.StartElement("link");
  writer.Attribute("rel", "self");
  writer.Attribute("type", "application/atom+xml");
  writer.Attribute("href", feed.self_url);
  writer.EndElement();
  writer.StartElement("author");
  writer.Element("name", feed.author_name);
  writer.EndElement();
  for (std::size_t i = 0; i < feed.entries.size(); ++i) {
    const AtomEntry& entry = feed.entries[i];
    writer.StartElement("entry");
    writer.Element("id", entry.cap_identifier);
    writer.Element("title", entry.headline);
    writer.Element("updated", entry_times[i]);
    if (!entry.description.empty()) writer.Element("summary", entry.description);
    writer.StartElement("link");
    writer.Attribute("rel", "alternate");
    writer.Attribute("type", "application/cap+xml");
    writer.Attribute("href", entry.cap_url);
    writer.EndElement();
    writer.EndElement();
  }
  writer.EndElement();
  return writer.Finish();
}

}  // namespace chancery::alerts
