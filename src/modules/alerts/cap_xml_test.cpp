// CAP documents pass the OASIS schema: each test writes an alert to a temporary file and runs
// `xmllint --noout --schema tests/fixtures/cap/cap-v1.2.xsd` on it, and a wrong document is shown to fail the same
// command. Text with markup characters and Vietnamese reads back unchanged; rules the schema cannot see are
// refused with the field named. The Atom feed is parsed back and its entries checked.
#include "modules/alerts/cap_xml.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <memory>

#include "modules/alerts/atom_feed.hpp"
#include "support/cap_schema.hpp"

namespace chancery::alerts {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::sys_days;
using ::testing::HasSubstr;

using testing::ValidateCap;

void ExpectValid(const std::string& document) {
  const testing::CapValidation validation = ValidateCap(document);
  EXPECT_EQ(validation.exit_status, 0) << validation.output << "\n" << document;
}

std::string Written(const CapAlert& alert) {
  Result<std::string> document = WriteCapXml(alert);
  EXPECT_TRUE(document.ok()) << document.status().message();
  return document.ok() ? *document : std::string();
}

std::string ErrorOf(const CapAlert& alert) {
  Result<std::string> document = WriteCapXml(alert);
  return document.ok() ? "(written)" : document.status().message();
}

CapTime At(sys_days day, hours hour, minutes minute, minutes offset) {
  return {.instant = day + hour + minute - offset, .utc_offset = offset};
}

const CapTime kSent = At(sys_days(std::chrono::year(2026) / 12 / 6), hours(10), minutes(15), hours(7));

CapAlert TyphoonAlert() {
  const Area area =
      ParseArea({"20.7,105.5 21.3,105.5 21.3,106.2 20.7,106.2 20.7,105.5"}, {"20.8449,106.6881 30"}, {}).value();
  CapInfo vietnamese{
      .language = "vi",
      .categories = {CapCategory::kMet, CapCategory::kSafety},
      .event = "Bão số 9",
      .response_types = {CapResponseType::kShelter},
      .urgency = CapUrgency::kImmediate,
      .severity = CapSeverity::kSevere,
      .certainty = CapCertainty::kLikely,
      .expires = At(sys_days(std::chrono::year(2026) / 12 / 7), hours(10), minutes(0), hours(7)),
      .sender_name = "Bộ Ngoại giao — Cục Lãnh sự",
      .headline = "Cảnh báo bão: <khẩn cấp> & \"ở yên trong nhà\"",
      .description = "Bão mạnh cấp 12 đổ bộ vào Hà Nội và Hải Phòng. Gió giật 'rất mạnh'.",
      .instruction = "Ở trong nhà, tránh xa cửa kính; gọi đường dây nóng bảo hộ công dân.",
      .web = "https://chancery.example/alerts/2026-12-06-typhoon?lang=vi&amp=1",
      .contact = "+84 981 848 484",
      .areas = {{.description = "Hà Nội & Hải Phòng", .area = area}},
  };
  CapInfo english = vietnamese;
  english.language = "en";
  english.event = "Typhoon No. 9";
  english.headline = "Typhoon warning: <urgent> & \"stay indoors\"";
  english.description = "A category 12 typhoon is making landfall over Hanoi and Hai Phong.";
  english.instruction = "Stay indoors, away from windows; call the citizen protection hotline.";
  english.areas[0].description = "Hanoi & Hai Phong";
  return {
      .identifier = "urn:oid:2.49.0.0.704.1.2026.12.6.10.15.0",
      .sender = "alerts@chancery.example",
      .sent = kSent,
      .infos = {vietnamese, english},
  };
}

TEST(CapXmlTest, TimesAreLocalWithTheirOffsetAndNeverZ) {
  EXPECT_EQ(FormatCapTime(kSent).value(), "2026-12-06T10:15:00+07:00");
  const sys_days day = sys_days(std::chrono::year(2026) / 12 / 6);
  EXPECT_EQ(FormatCapTime({.instant = day + hours(3) + minutes(15)}).value(), "2026-12-06T03:15:00-00:00");
  EXPECT_EQ(FormatCapTime(At(day, hours(0), minutes(30), -(hours(3) + minutes(30)))).value(),
            "2026-12-06T00:30:00-03:30");
  EXPECT_EQ(FormatCapTime({.instant = day + hours(1), .utc_offset = hours(14)}).value(), "2026-12-06T15:00:00+14:00");
  EXPECT_EQ(FormatCapTime({.instant = sys_days(std::chrono::year(1969) / 7 / 20) + hours(20) + minutes(17)}).value(),
            "1969-07-20T20:17:00-00:00");
  EXPECT_THAT(FormatCapTime({.instant = day, .utc_offset = hours(14) + minutes(1)}).status().message(),
              HasSubstr("beyond ±14:00"));
}

TEST(CapXmlTest, AlertWithPolygonAndCircleInVietnameseAndEnglishPassesTheSchema) {
  const std::string document = Written(TyphoonAlert());
  ExpectValid(document);
  EXPECT_THAT(document, HasSubstr("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">"));
  EXPECT_THAT(document, HasSubstr("<sent>2026-12-06T10:15:00+07:00</sent>"));
  EXPECT_THAT(document, HasSubstr("<expires>2026-12-07T10:00:00+07:00</expires>"));
  EXPECT_THAT(document, HasSubstr("<polygon>20.7,105.5 21.3,105.5 21.3,106.2 20.7,106.2 20.7,105.5</polygon>"));
  EXPECT_THAT(document, HasSubstr("<circle>20.8449,106.6881 30</circle>"));
  EXPECT_THAT(document,
              HasSubstr("<headline>Cảnh báo bão: &lt;khẩn cấp&gt; &amp; &quot;ở yên trong nhà&quot;</headline>"))
      << "escaped, and Vietnamese written as UTF-8, not as character references";
  EXPECT_THAT(document, HasSubstr("<category>Met</category>"));
  EXPECT_THAT(document, HasSubstr("<responseType>Shelter</responseType>"));
}

TEST(CapXmlTest, TextReadsBackUnchanged) {
  const CapAlert alert = TyphoonAlert();
  const std::string document = Written(alert);
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> parsed(
      xmlReadMemory(document.data(), static_cast<int>(document.size()), nullptr, nullptr, XML_PARSE_NONET),
      &xmlFreeDoc);
  ASSERT_NE(parsed, nullptr);
  std::vector<std::string> headlines;
  std::vector<std::string> senders;
  std::vector<std::string> webs;
  const auto walk = [&](const auto& self, xmlNode* node) -> void {
    for (; node != nullptr; node = node->next) {
      if (node->type != XML_ELEMENT_NODE) continue;
      const std::string name = reinterpret_cast<const char*>(node->name);
      xmlChar* content = xmlNodeGetContent(node);
      const std::string text = reinterpret_cast<const char*>(content);
      xmlFree(content);
      if (name == "headline") headlines.push_back(text);
      if (name == "senderName") senders.push_back(text);
      if (name == "web") webs.push_back(text);
      self(self, node->children);
    }
  };
  walk(walk, xmlDocGetRootElement(parsed.get()));
  EXPECT_EQ(headlines, (std::vector<std::string>{alert.infos[0].headline, alert.infos[1].headline}));
  EXPECT_EQ(senders[0], "Bộ Ngoại giao — Cục Lãnh sự");
  EXPECT_EQ(webs[0], alert.infos[0].web);
}

TEST(CapXmlTest, UpdateCancelAndExerciseWithGeocodesPassTheSchema) {
  const CapAlert original = TyphoonAlert();
  CapAlert update = TyphoonAlert();
  update.identifier = "urn:oid:2.49.0.0.704.1.2026.12.6.14.0.0";
  update.sent = At(sys_days(std::chrono::year(2026) / 12 / 6), hours(14), minutes(0), hours(7));
  update.message_type = CapMessageType::kUpdate;
  update.references = {{.sender = original.sender, .identifier = original.identifier, .sent = original.sent}};
  update.infos[0].severity = CapSeverity::kExtreme;
  const std::string update_document = Written(update);
  ExpectValid(update_document);
  EXPECT_THAT(update_document, HasSubstr("<references>alerts@chancery.example,urn:oid:2.49.0.0.704.1.2026.12.6.10.15.0,"
                                         "2026-12-06T10:15:00+07:00</references>"));

  CapAlert cancel = update;
  cancel.identifier = "urn:oid:2.49.0.0.704.1.2026.12.6.20.0.0";
  cancel.message_type = CapMessageType::kCancel;
  cancel.note = "Bão đã suy yếu; the typhoon has weakened.";
  cancel.references.push_back({.sender = update.sender, .identifier = update.identifier, .sent = update.sent});
  cancel.infos.clear();
  const std::string cancel_document = Written(cancel);
  ExpectValid(cancel_document);
  EXPECT_THAT(cancel_document, HasSubstr("2026-12-06T10:15:00+07:00 alerts@chancery.example,"));

  CapAlert exercise{
      .identifier = "urn:uuid:0b6f2a4e-8f3c-4c1e-9d51-2f0f6b9d7c10",
      .sender = "alerts@chancery.example",
      .sent = {.instant = sys_days(std::chrono::year(2027) / 3 / 1) + hours(2)},
      .status = CapStatus::kExercise,
      .scope = CapScope::kRestricted,
      .restriction = "Consular staff only",
      .infos = {{
          .language = "vi-VN",
          .categories = {CapCategory::kSecurity},
          .event = "Diễn tập sơ tán",
          .urgency = CapUrgency::kFuture,
          .severity = CapSeverity::kMinor,
          .certainty = CapCertainty::kUnlikely,
          .areas = {{.description = "Nhật Bản, Hàn Quốc", .area = ParseArea({}, {}, {"JP", "KR"}).value()}},
      }},
  };
  const std::string exercise_document = Written(exercise);
  ExpectValid(exercise_document);
  EXPECT_THAT(exercise_document, HasSubstr("<sent>2027-03-01T02:00:00-00:00</sent>"));
  EXPECT_THAT(exercise_document, HasSubstr("<valueName>ISO3166-1</valueName>"));
  EXPECT_THAT(exercise_document, HasSubstr("<value>KR</value>"));

  CapAlert private_test = exercise;
  private_test.status = CapStatus::kTest;
  private_test.scope = CapScope::kPrivate;
  private_test.addresses = {"embassy-tokyo", "consulate osaka"};
  const std::string private_document = Written(private_test);
  ExpectValid(private_document);
  EXPECT_THAT(private_document, HasSubstr("<addresses>embassy-tokyo &quot;consulate osaka&quot;</addresses>"));
}

TEST(CapXmlTest, WrongDocumentsFailTheSameCheck) {
  const std::string document = Written(TyphoonAlert());
  ASSERT_EQ(ValidateCap(document).exit_status, 0);
  std::string alarm = document;
  alarm.replace(alarm.find("<msgType>Alert</msgType>"), 24, "<msgType>Alarm</msgType>");
  const testing::CapValidation rejected = ValidateCap(alarm);
  EXPECT_NE(rejected.exit_status, 0);
  EXPECT_THAT(rejected.output, HasSubstr("msgType"));
  std::string zulu = document;
  zulu.replace(zulu.find("+07:00</sent>"), 6, "Z");
  EXPECT_NE(ValidateCap(zulu).exit_status, 0) << "CAP forbids \"Z\"";
}

TEST(CapXmlTest, RulesTheSchemaCannotSeeAreRefusedWithTheFieldNamed) {
  CapAlert alert = TyphoonAlert();
  alert.identifier = "alert 1,2";
  EXPECT_THAT(ErrorOf(alert), HasSubstr("identifier: \"alert 1,2\" holds a space, a comma"));
  alert = TyphoonAlert();
  alert.sender.clear();
  EXPECT_EQ(ErrorOf(alert), "sender: is empty");
  alert = TyphoonAlert();
  alert.message_type = CapMessageType::kUpdate;
  EXPECT_THAT(ErrorOf(alert), HasSubstr("references: are missing; msgType Update"));
  alert = TyphoonAlert();
  alert.scope = CapScope::kRestricted;
  EXPECT_THAT(ErrorOf(alert), HasSubstr("restriction"));
  alert = TyphoonAlert();
  alert.infos[1].language = "vi";
  EXPECT_EQ(ErrorOf(alert), "info 2 (vi): a second info in the same language");
  alert = TyphoonAlert();
  alert.infos[1].categories.clear();
  EXPECT_EQ(ErrorOf(alert), "info 2 (en): has no category");
  alert = TyphoonAlert();
  alert.infos[0].language = "tiếng Việt";
  EXPECT_THAT(ErrorOf(alert), HasSubstr("is not a language tag"));
  alert = TyphoonAlert();
  alert.infos[0].description = "Bão\xC3";
  EXPECT_EQ(ErrorOf(alert), "info 1 (vi) description: not valid UTF-8 at byte 4");
  alert = TyphoonAlert();
  alert.infos[1].headline = "bell\a";
  EXPECT_EQ(ErrorOf(alert), "info 2 (en) headline: the character U+0007 at byte 4 is not allowed in XML");
  alert = TyphoonAlert();
  alert.infos[0].web = "javascript:alert(1)";
  EXPECT_THAT(ErrorOf(alert), HasSubstr("is not an http(s) URL"));
  alert.infos[0].web = "https://chancery.example/100%zz";
  EXPECT_THAT(ErrorOf(alert), HasSubstr("is not an http(s) URL")) << "xs:anyURI refuses a broken escape";
  alert.infos[0].web = "https://lãnh-sự.example/cảnh-báo?q={1}|2";
  EXPECT_EQ(ErrorOf(alert), "(written)") << "xs:anyURI takes an IRI";
  ExpectValid(Written(alert));
  alert = TyphoonAlert();
  alert.infos[0].areas[0].description.clear();
  EXPECT_THAT(ErrorOf(alert), HasSubstr("info 1 (vi) area 1: the description (areaDesc) is empty"));
  alert = TyphoonAlert();
  alert.sent.utc_offset = hours(15);
  EXPECT_THAT(ErrorOf(alert), HasSubstr("sent: the UTC offset"));
}

// Atom.

std::string Attribute(xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  std::string text = value != nullptr ? reinterpret_cast<const char*>(value) : "";
  xmlFree(value);
  return text;
}

std::string ChildText(xmlNode* node, std::string_view name) {
  for (xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type == XML_ELEMENT_NODE && name == reinterpret_cast<const char*>(child->name)) {
      xmlChar* content = xmlNodeGetContent(child);
      std::string text = reinterpret_cast<const char*>(content);
      xmlFree(content);
      return text;
    }
  }
  return "(missing)";
}

TEST(AtomFeedTest, EntriesParseBackWithTheirCapLinks) {
  const AtomFeed feed{
      .id = "https://chancery.example/alerts/feed.atom",
      .title = "Cảnh báo cho công dân ở nước ngoài",
      .updated = {.instant = sys_days(std::chrono::year(2026) / 12 / 6) + hours(7)},
      .self_url = "https://chancery.example/alerts/feed.atom?lang=vi&page=1",
      .author_name = "Bộ Ngoại giao Việt Nam",
      .language = "vi",
      .entries = {{.cap_identifier = "urn:oid:2.49.0.0.704.1.2026.12.6.10.15.0",
                   .headline = "Cảnh báo bão: <khẩn cấp> & \"ở yên trong nhà\"",
                   .updated = kSent,
                   .description = "Bão mạnh cấp 12 đổ bộ vào Hà Nội.",
                   .cap_url = "https://chancery.example/alerts/1.xml"},
                  {.cap_identifier = "urn:uuid:0b6f2a4e-8f3c-4c1e-9d51-2f0f6b9d7c10",
                   .headline = "Động đất ở Nhật Bản",
                   .updated = {.instant = sys_days(std::chrono::year(2026) / 12 / 5)},
                   .cap_url = "https://chancery.example/alerts/2.xml"}},
  };
  const Result<std::string> document = WriteAtomFeed(feed);
  ASSERT_TRUE(document.ok()) << document.status().message();
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> parsed(
      xmlReadMemory(document->data(), static_cast<int>(document->size()), nullptr, nullptr, XML_PARSE_NONET),
      &xmlFreeDoc);
  ASSERT_NE(parsed, nullptr) << *document;
  xmlNode* root = xmlDocGetRootElement(parsed.get());
  ASSERT_STREQ(reinterpret_cast<const char*>(root->name), "feed");
  ASSERT_NE(root->ns, nullptr);
  EXPECT_STREQ(reinterpret_cast<const char*>(root->ns->href), "http://www.w3.org/2005/Atom");
  EXPECT_EQ(ChildText(root, "title"), feed.title);
  EXPECT_EQ(ChildText(root, "updated"), "2026-12-06T07:00:00Z");
  std::vector<xmlNode*> entries;
  std::string self_link;
  for (xmlNode* child = root->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    const std::string name = reinterpret_cast<const char*>(child->name);
    if (name == "entry") entries.push_back(child);
    if (name == "link" && Attribute(child, "rel") == "self") self_link = Attribute(child, "href");
  }
  EXPECT_EQ(self_link, feed.self_url);
  ASSERT_EQ(entries.size(), 2u);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(ChildText(entries[i], "id"), feed.entries[i].cap_identifier);
    EXPECT_EQ(ChildText(entries[i], "title"), feed.entries[i].headline);
    xmlNode* link = nullptr;
    for (xmlNode* child = entries[i]->children; child != nullptr; child = child->next) {
      if (child->type == XML_ELEMENT_NODE && std::string_view("link") == reinterpret_cast<const char*>(child->name)) {
        link = child;
      }
    }
    ASSERT_NE(link, nullptr);
    EXPECT_EQ(Attribute(link, "rel"), "alternate");
    EXPECT_EQ(Attribute(link, "type"), "application/cap+xml");
    EXPECT_EQ(Attribute(link, "href"), feed.entries[i].cap_url);
  }
  EXPECT_EQ(ChildText(entries[0], "updated"), "2026-12-06T10:15:00+07:00");
  EXPECT_EQ(ChildText(entries[0], "summary"), feed.entries[0].description);
  EXPECT_EQ(ChildText(entries[1], "summary"), "(missing)") << "no description, no summary";

  AtomFeed bad = feed;
  bad.entries[1].cap_identifier = "alert-2";
  EXPECT_THAT(WriteAtomFeed(bad).status().message(), HasSubstr("entry 2: the CAP identifier \"alert-2\" is not a URN"));
  bad = feed;
  bad.author_name.clear();
  EXPECT_EQ(WriteAtomFeed(bad).status().message(), "feed author: is empty");
}

}  // namespace
}  // namespace chancery::alerts
