#include "modules/monitor/feed.hpp"

#include <curl/curl.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cctype>
#include <cstring>
#include <memory>

#include "core/clock.hpp"
#include "core/crypto.hpp"

namespace chancery::monitor {
namespace {

std::string_view Name(const xmlNode* node) {
  return node->name != nullptr ? reinterpret_cast<const char*>(node->name) : "";
}

std::string_view NamespaceOf(const xmlNode* node) {
  return node->ns != nullptr && node->ns->href != nullptr ? reinterpret_cast<const char*>(node->ns->href) : "";
}

bool Is(const xmlNode* node, std::string_view name) { return node->type == XML_ELEMENT_NODE && Name(node) == name; }

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

std::string Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

// Runs of spaces become one space, runs of line breaks one line break; trimmed.
std::string Collapse(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  bool newline = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    // U+00A0 (no-break space) counts as a space: readers do not tell them apart.
    if (static_cast<unsigned char>(c) == 0xc2 && i + 1 < text.size() &&
        static_cast<unsigned char>(text[i + 1]) == 0xa0) {
      space = true;
      ++i;
      continue;
    }
    if (c == '\n') {
      newline = true;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      space = true;
      continue;
    }
    if (!out.empty()) {
      if (newline) {
        out.push_back('\n');
      } else if (space) {
        out.push_back(' ');
      }
    }
    newline = space = false;
    out.push_back(c);
  }
  return out;
}

// The node's text as written: text and CDATA, and undefined entity references kept as "&name;" (an RSS feed's
// "&nbsp;" is not XML, and the HTML step decodes it).
void RawText(const xmlNode* node, std::string& out) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    switch (child->type) {
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE:
        if (child->content != nullptr) out += reinterpret_cast<const char*>(child->content);
        break;
      case XML_ENTITY_REF_NODE: out += "&" + std::string(Name(child)) + ";"; break;
      case XML_ELEMENT_NODE: RawText(child, out); break;
      default: break;
    }
  }
}

std::string RawText(const xmlNode* node) {
  std::string out;
  if (node != nullptr) RawText(node, out);
  return out;
}

// The node's children serialised back to markup (Atom's type="xhtml").
std::string Markup(xmlNode* node) {
  std::unique_ptr<xmlBuffer, decltype(&xmlBufferFree)> buffer(xmlBufferCreate(), &xmlBufferFree);
  for (xmlNode* child = node->children; child != nullptr; child = child->next) {
    xmlNodeDump(buffer.get(), node->doc, child, 0, 0);
  }
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer.get())),
                     static_cast<std::size_t>(xmlBufferLength(buffer.get())));
}

bool IsBlock(std::string_view name) {
  static constexpr std::string_view kBlocks[] = {
      "p",      "div", "br", "li",     "ul",         "ol",         "h1",      "h2",      "h3",
      "h4",     "h5",  "h6", "tr",     "table",      "blockquote", "section", "article", "header",
      "footer", "pre", "hr", "figure", "figcaption", "dd",         "dt"};
  return std::find(std::begin(kBlocks), std::end(kBlocks), name) != std::end(kBlocks);
}

void HtmlText(const xmlNode* node, std::string& out) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
      if (child->content != nullptr) out += reinterpret_cast<const char*>(child->content);
    } else if (child->type == XML_ELEMENT_NODE) {
      const std::string name = Lower(Name(child));
      if (name == "script" || name == "style" || name == "noscript" || name == "template" || name == "head") continue;
      const bool block = IsBlock(name);
      if (block) out.push_back('\n');
      HtmlText(child, out);
      if (block) out.push_back('\n');
    }
  }
}

// An absolute link: `reference` against the node's base (xml:base up the tree, then the document's URL); empty
// when it cannot be made absolute.
std::string Resolve(std::string_view reference, const xmlNode* node, std::string_view fallback_base) {
  const std::string trimmed = Trim(reference);
  if (trimmed.empty()) return "";
  xmlChar* base = node != nullptr ? xmlNodeGetBase(node->doc, node) : nullptr;
  const std::string base_text = base != nullptr ? reinterpret_cast<const char*>(base) : std::string(fallback_base);
  xmlFree(base);
  xmlChar* built = xmlBuildURI(reinterpret_cast<const xmlChar*>(trimmed.c_str()),
                               reinterpret_cast<const xmlChar*>(base_text.c_str()));
  std::string resolved = built != nullptr ? reinterpret_cast<const char*>(built) : trimmed;
  xmlFree(built);
  // Only an absolute link is of use later: "scheme:..." with a scheme as RFC 3986 spells it.
  const std::size_t colon = resolved.find(':');
  if (colon == std::string::npos || colon == 0 || !std::isalpha(static_cast<unsigned char>(resolved[0])) ||
      !std::all_of(resolved.begin(), resolved.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
      })) {
    return "";
  }
  return resolved;
}

const xmlNode* Child(const xmlNode* node, std::string_view name) {
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (Is(child, name)) return child;
  }
  return nullptr;
}

std::string Attribute(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  std::string text = value != nullptr ? reinterpret_cast<const char*>(value) : "";
  xmlFree(value);
  return text;
}

std::string LanguageOf(const xmlNode* node) {
  xmlChar* language = xmlNodeGetLang(node);
  std::string text = language != nullptr ? Lower(reinterpret_cast<const char*>(language)) : "";
  xmlFree(language);
  return text;
}

void Finish(FeedItem& item, const Feed& feed) {
  item.title = Collapse(HtmlToText(item.title));
  if (item.language.empty()) item.language = feed.language;
  if (item.key.empty()) item.key = item.link;
  if (item.key.empty()) item.key = "sha256:" + crypto::Sha256Hex(item.title + "\n" + item.text);
}

FeedItem RssItem(const xmlNode* node, std::string_view url, const Feed& feed) {
  FeedItem item;
  std::string description;
  std::string content;
  for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    const std::string_view name = Name(child);
    const std::string_view ns = NamespaceOf(child);
    if (name == "title") {
      item.title = RawText(child);
    } else if (name == "link" && ns.empty()) {
      item.link = Resolve(RawText(child), child, url);
    } else if (name == "guid") {
      item.key = Trim(RawText(child));
      if (item.link.empty() && Attribute(child, "isPermaLink") != "false" &&
          item.key.find("://") != std::string::npos) {
        item.link = Resolve(item.key, child, url);
      }
    } else if (name == "description") {
      description = RawText(child);
    } else if (name == "encoded") {  // content:encoded
      content = RawText(child);
    } else if (name == "pubDate" || (name == "date" && ns.find("purl.org/dc") != std::string_view::npos)) {
      if (!item.published_ms) item.published_ms = ParseFeedDate(Trim(RawText(child)));
    } else if (name == "creator" || name == "author") {
      item.author = Collapse(RawText(child));
    } else if (name == "language") {
      item.language = Lower(Trim(RawText(child)));
    }
  }
  item.text = HtmlToText(!content.empty() ? content : description);
  Finish(item, feed);
  return item;
}

FeedItem AtomEntry(xmlNode* node, std::string_view url, const Feed& feed) {
  FeedItem item;
  std::string summary;
  std::string content;
  std::string alternate;
  std::string first_link;
  for (xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    const std::string_view name = Name(child);
    const auto text_of = [&](xmlNode* element) {
      return Attribute(element, "type") == "xhtml" ? Markup(element) : RawText(element);
    };
    if (name == "title") {
      item.title = text_of(child);
    } else if (name == "link") {
      const std::string rel = Attribute(child, "rel");
      const std::string href = Resolve(Attribute(child, "href"), child, url);
      if (first_link.empty()) first_link = href;
      if ((rel.empty() || rel == "alternate") && alternate.empty()) alternate = href;
    } else if (name == "id") {
      item.key = Trim(RawText(child));
    } else if (name == "summary") {
      summary = text_of(child);
    } else if (name == "content") {
      content = text_of(child);
    } else if (name == "published" || (name == "updated" && !item.published_ms)) {
      if (auto date = ParseFeedDate(Trim(RawText(child)))) {
        if (name == "published" || !item.published_ms) item.published_ms = date;
      }
    } else if (name == "author") {
      if (const xmlNode* author = Child(child, "name")) item.author = Collapse(RawText(author));
    }
  }
  item.link = !alternate.empty() ? alternate : first_link;
  item.text = HtmlToText(!content.empty() ? content : summary);
  item.language = LanguageOf(node);
  Finish(item, feed);
  return item;
}

// Feeds use HTML's named entities ("&nbsp;", "&eacute;") and bare ampersands ("AT&T"), which XML does not have;
// libxml2 recovers from them, but badly (after the first one it drops later '<' and '&' from text). So before
// parsing, a named entity HTML knows becomes a numeric reference, and any other stray '&' becomes "&amp;". Only for
// encodings where '&' is the byte 0x26 (not UTF-16 or UTF-32).
std::string RepairEntities(std::string_view body) {
  std::string out;
  out.reserve(body.size() + 64);
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '&') {
      out.push_back(body[i]);
      continue;
    }
    std::size_t end = i + 1;
    while (end < body.size() && end - i <= 32 &&
           (std::isalnum(static_cast<unsigned char>(body[end])) || body[end] == '#')) {
      ++end;
    }
    const std::string name(body.substr(i + 1, end - i - 1));
    const bool terminated = end < body.size() && body[end] == ';';
    if (terminated && !name.empty() &&
        (name[0] == '#' || name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos")) {
      out.push_back('&');  // already XML
      continue;
    }
    if (terminated && !name.empty()) {
      if (const htmlEntityDesc* entity = htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()))) {
        out += "&#" + std::to_string(entity->value) + ";";
        i = end;
        continue;
      }
    }
    out += "&amp;";
  }
  return out;
}

bool AsciiCompatible(std::string_view body) {
  if (body.size() >= 2 &&
      ((static_cast<unsigned char>(body[0]) == 0xfe && static_cast<unsigned char>(body[1]) == 0xff) ||
       (static_cast<unsigned char>(body[0]) == 0xff && static_cast<unsigned char>(body[1]) == 0xfe))) {
    return false;
  }
  return body.substr(0, 4).find('\0') == std::string_view::npos;
}

Result<Feed> ParseXmlFeed(std::string_view original, std::string_view charset, std::string_view url) {
  const std::string repaired = AsciiCompatible(original) ? RepairEntities(original) : std::string(original);
  const std::string_view body = repaired;
  const int options = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                      XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS;
  const std::string url_text(url);
  const std::string encoding(charset);
  // The document's own declaration (or byte order mark) wins; the HTTP charset only when it has none.
  const bool declared = body.substr(0, 200).find("encoding=") != std::string_view::npos ||
                        (body.size() >= 2 &&
                         (static_cast<unsigned char>(body[0]) == 0xfe || static_cast<unsigned char>(body[0]) == 0xff));
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> document(
      xmlReadMemory(body.data(), static_cast<int>(body.size()), url_text.c_str(),
                    declared || encoding.empty() ? nullptr : encoding.c_str(), options),
      &xmlFreeDoc);
  if (!document) return InvalidArgument("The feed is not XML a reader could make sense of.");
  xmlNode* root = xmlDocGetRootElement(document.get());
  if (root == nullptr) return InvalidArgument("The feed has no root element.");
  Feed feed;
  const std::string_view root_name = Name(root);
  if (root_name == "rss" || root_name == "RDF") {
    feed.format = "rss";
    const xmlNode* channel = Child(root, "channel");
    if (channel != nullptr) {
      if (const xmlNode* title = Child(channel, "title")) feed.title = Collapse(HtmlToText(RawText(title)));
      if (const xmlNode* link = Child(channel, "link")) feed.link = Resolve(RawText(link), link, url);
      if (const xmlNode* language = Child(channel, "language")) feed.language = Lower(Trim(RawText(language)));
    }
    // RSS 2.0 keeps items in the channel; RSS 0.9/1.0 (RDF) beside it.
    for (const xmlNode* parent : {channel, static_cast<const xmlNode*>(root)}) {
      if (parent == nullptr) continue;
      for (const xmlNode* child = parent->children; child != nullptr && feed.items.size() < kMaxFeedItems;
           child = child->next) {
        if (Is(child, "item")) feed.items.push_back(RssItem(child, url, feed));
      }
    }
  } else if (root_name == "feed") {
    feed.format = "atom";
    feed.language = LanguageOf(root);
    for (xmlNode* child = root->children; child != nullptr && feed.items.size() < kMaxFeedItems; child = child->next) {
      if (Is(child, "title")) feed.title = Collapse(HtmlToText(RawText(child)));
      if (Is(child, "link") && feed.link.empty() && Attribute(child, "rel") != "self") {
        feed.link = Resolve(Attribute(child, "href"), child, url);
      }
      if (Is(child, "entry")) feed.items.push_back(AtomEntry(child, url, feed));
    }
  } else {
    return InvalidArgument("The document is XML but not RSS or Atom (its root is <" + std::string(root_name) + ">).");
  }
  return feed;
}

std::string JsonText(const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr) return "";
  if (value->is_string()) return std::string(value->as_string());
  if (value->is_int64()) return std::to_string(value->as_int64());
  return "";
}

Result<Feed> ParseJsonFeed(std::string_view body, std::string_view url) {
  std::error_code error;
  boost::json::value value = boost::json::parse(body, error);
  if (error || !value.is_object()) return InvalidArgument("The feed is not valid JSON.");
  const boost::json::object& root = value.as_object();
  if (JsonText(root, "version").find("jsonfeed.org") == std::string::npos) {
    return InvalidArgument("The JSON document is not a JSON Feed (no jsonfeed.org version).");
  }
  Feed feed{.format = "json",
            .title = Collapse(JsonText(root, "title")),
            .link = Resolve(JsonText(root, "home_page_url"), nullptr, url),
            .language = Lower(JsonText(root, "language"))};
  const boost::json::value* items = root.if_contains("items");
  if (items == nullptr || !items->is_array()) return feed;
  for (const boost::json::value& entry : items->as_array()) {
    if (!entry.is_object() || feed.items.size() >= kMaxFeedItems) continue;
    const boost::json::object& object = entry.as_object();
    FeedItem item;
    item.key = JsonText(object, "id");
    item.link = Resolve(!JsonText(object, "url").empty() ? JsonText(object, "url") : JsonText(object, "external_url"),
                        nullptr, url);
    item.title = JsonText(object, "title");
    const std::string html = JsonText(object, "content_html");
    item.text = !html.empty() ? HtmlToText(html) : Collapse(JsonText(object, "content_text"));
    if (item.text.empty()) item.text = Collapse(JsonText(object, "summary"));
    const std::string published = JsonText(object, "date_published");
    item.published_ms = ParseFeedDate(!published.empty() ? published : JsonText(object, "date_modified"));
    if (const boost::json::value* authors = object.if_contains("authors"); authors && authors->is_array()) {
      if (!authors->as_array().empty() && authors->as_array()[0].is_object()) {
        item.author = JsonText(authors->as_array()[0].as_object(), "name");
      }
    } else if (const boost::json::value* author = object.if_contains("author"); author && author->is_object()) {
      item.author = JsonText(author->as_object(), "name");  // JSON Feed 1.0
    }
    item.language = Lower(JsonText(object, "language"));
    Finish(item, feed);
    feed.items.push_back(std::move(item));
  }
  return feed;
}

std::string CharsetOf(std::string_view content_type) {
  const std::string lower = Lower(content_type);
  const std::size_t at = lower.find("charset=");
  if (at == std::string::npos) return "";
  std::string charset = lower.substr(at + 8);
  charset.erase(std::remove(charset.begin(), charset.end(), '"'), charset.end());
  return Trim(charset.substr(0, charset.find(';')));
}

}  // namespace

void InitFeedParsing() { xmlInitParser(); }

std::string HtmlToText(std::string_view html) {
  if (html.find_first_of("<&") == std::string_view::npos) return Collapse(html);
  const std::string wrapped = "<html><body>" + std::string(html) + "</body></html>";
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> document(
      htmlReadMemory(wrapped.data(), static_cast<int>(wrapped.size()), nullptr, "UTF-8",
                     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET),
      &xmlFreeDoc);
  if (!document) return Collapse(html);
  std::string text;
  if (xmlNode* root = xmlDocGetRootElement(document.get())) HtmlText(root, text);
  return Collapse(text);
}

std::optional<std::int64_t> ParseFeedDate(std::string_view text) {
  const std::string date = Trim(text);
  if (date.size() < 10) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(date[0])) && date[4] == '-') {
    // RFC 3339: the UTC part through the seconds and fraction, then Z or an offset.
    std::string utc = date;
    if (utc.size() > 10 && (utc[10] == ' ' || utc[10] == 't')) utc[10] = 'T';
    std::size_t zone = utc.size();
    for (std::size_t i = 19; i < utc.size(); ++i) {
      if (utc[i] == 'Z' || utc[i] == 'z' || utc[i] == '+' || utc[i] == '-') {
        zone = i;
        break;
      }
    }
    if (utc.size() == 10) return ParseIsoTimeUtc(utc);
    std::int64_t offset_ms = 0;
    if (zone < utc.size() && (utc[zone] == '+' || utc[zone] == '-')) {
      const std::string offset = utc.substr(zone + 1);
      if (offset.size() < 4) return std::nullopt;
      const int hours = std::atoi(offset.substr(0, 2).c_str());
      const int minutes = std::atoi(offset.substr(offset.size() - 2).c_str());
      offset_ms = (hours * 60LL + minutes) * 60 * 1000 * (utc[zone] == '+' ? 1 : -1);
    }
    std::optional<std::int64_t> base = ParseIsoTimeUtc(utc.substr(0, zone) + "Z");
    if (!base) return std::nullopt;
    return *base - offset_ms;
  }
  // RFC 822 and its variants: libcurl's parser (it reads the HTTP date forms, zones and numeric offsets).
  const time_t seconds = curl_getdate(date.c_str(), nullptr);
  if (seconds < 0) return std::nullopt;
  return static_cast<std::int64_t>(seconds) * 1000;
}

Result<Feed> ParseFeed(std::string_view body, std::string_view content_type, std::string_view url) {
  std::size_t start = 0;
  if (body.size() >= 3 && body.substr(0, 3) == "\xef\xbb\xbf") start = 3;  // a UTF-8 byte order mark
  while (start < body.size() && std::isspace(static_cast<unsigned char>(body[start]))) ++start;
  const std::string type = Lower(content_type);
  if ((start < body.size() && body[start] == '{') || type.find("json") != std::string::npos) {
    return ParseJsonFeed(body.substr(start), url);
  }
  if (body.empty()) return InvalidArgument("The feed is empty.");
  return ParseXmlFeed(body, CharsetOf(content_type), url);
}

}  // namespace chancery::monitor
