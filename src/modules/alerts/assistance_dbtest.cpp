// The safety check's "I need help" as the mission works it, on both engines, through the module as the server wires
// it: a case opens assigned to the officer on call, later answers join its trail, officers note, reassign, resolve,
// and a new call for help reopens it; only the citizen's jurisdiction sees it; the citizen's export holds their
// answers and their case, and their erasure leaves none of it (point 4 of the crisis-alert issue).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "modules/alerts/alert_messages.hpp"
#include "modules/alerts/alerts_module.hpp"
#include "modules/notifications/notifications_service.hpp"
#include "support/ministry_test.hpp"

namespace chancery::alerts {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class AssistanceTest : public testing::MinistryTest {
 protected:
  void SetUp() override {
    MinistryTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    citizens_ =
        std::make_unique<citizens::CitizensService>(db(), clock(), *cipher_, *audit_, *authorizer_, *directory_);
    notifications_ = std::make_unique<notifications::NotificationsService>(db(), clock(), *audit_, *identity_,
                                                                           notifications::MailOptions{});
    module_ = std::make_unique<AlertsModule>(db(), clock(), *cipher_, *audit_, *authorizer_, *tree_, *directory_,
                                             *citizens_, *identity_, *notifications_, AlertsModuleOptions{});
    consul_ = Person("consul.jp", "EMB-JP", "consular_officer");
    duty_ = Person("duty.jp", "EMB-JP", "consular_officer");
    berlin_ = Person("consul.de", "EMB-DE", "consular_officer");
    OnCall("EMB-JP", duty_);
  }

  identity::ActionContext As(const Principal& principal) { return {&principal, "127.0.0.1", "test"}; }

  std::int64_t Register(const std::string& name, const std::string& phone) {
    citizens::Profile profile;
    profile.full_name = name;
    profile.phone = phone;
    profile.residence_country = "JP";
    profile.city = "Osaka";
    profile.location = citizens::GeoPoint{34.69, 135.50};
    profile.language = "vi";
    auto created =
        citizens_->Create(profile, {{citizens::Channel::kSms, true}}, citizens::DuplicatePolicy::kRefuse, As(consul_));
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? created->id : 0;
  }

  // An exercise over Osaka that asks "Are you safe?", sent by the consul.
  Alert SendSafetyCheck() {
    AlertContent content;
    content.unit_id = Unit("EMB-JP");
    content.status = CapStatus::kExercise;
    content.categories = {CapCategory::kSafety};
    content.urgency = CapUrgency::kExpected;
    content.severity = CapSeverity::kModerate;
    content.certainty = CapCertainty::kLikely;
    content.texts = {{"vi", "Diễn tập", "Diễn tập động đất Osaka", "", "Báo an toàn."}};
    content.area_description = "Osaka";
    content.polygons = {"34.5,135.3 34.9,135.3 34.9,135.7 34.5,135.7 34.5,135.3"};
    content.safety_check = true;
    auto created = module_->service().Create(content, As(consul_));
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    auto sent = module_->service().Submit(created->id, As(consul_));
    EXPECT_TRUE(sent.ok()) << sent.status().ToString();
    return *sent;
  }

  // The one-tap token of the citizen's delivery of the alert.
  std::string TokenOf(std::int64_t alert_id, std::int64_t citizen_id) {
    std::int64_t delivery = 0;
    EXPECT_TRUE(db().Read("raw",
                          [&](storage::Transaction& t) -> Status {
                            CHANCERY_ASSIGN_OR_RETURN(
                                storage::Row row,
                                t.QueryOne("SELECT id FROM deliveries WHERE campaign = ? AND citizen_id = ?",
                                           {AlertsService::Campaign(alert_id), citizen_id}));
                            delivery = row.Int(0);
                            return Status::Ok();
                          })
                    .ok());
    return SafetyToken(*cipher_, delivery);
  }

  std::int64_t Count(const std::string& sql, std::int64_t id) {
    std::int64_t count = -1;
    EXPECT_TRUE(db().Read("raw",
                          [&](storage::Transaction& t) -> Status {
                            CHANCERY_ASSIGN_OR_RETURN(storage::Row row, t.QueryOne(sql, {id}));
                            count = row.Int(0);
                            return Status::Ok();
                          })
                    .ok());
    return count;
  }

  static std::vector<std::string> Kinds(const AssistanceCase& item) {
    std::vector<std::string> kinds;
    for (const CaseEntry& entry : item.trail) kinds.push_back(entry.kind);
    return kinds;
  }

  std::unique_ptr<citizens::CitizensService> citizens_;
  std::unique_ptr<notifications::NotificationsService> notifications_;
  std::unique_ptr<AlertsModule> module_;
  Principal consul_;
  Principal duty_;
  Principal berlin_;
};
CHANCERY_DB_TEST_SUITE(AssistanceTest);

TEST_P(AssistanceTest, ACallForHelpOpensACaseForTheOfficerOnCallWhichTheMissionWorksToItsEnd) {
  const std::int64_t lan = Register("Nguyễn Thị Lan", "+819011112222");
  const std::int64_t binh = Register("Trần Văn Bình", "+819033334444");
  const Alert alert = SendSafetyCheck();
  ASSERT_EQ(alert.recipients, 2);
  SafetyCheck& safety = module_->safety();
  Assistance& assistance = module_->assistance();

  // Bình is safe: no case. Lan needs help: a case, assigned to the officer on call, who is told.
  ASSERT_TRUE(safety.AnswerByLink(TokenOf(alert.id, binh), {SafetyStatus::kSafe, "", std::nullopt}, "x").ok());
  ASSERT_TRUE(
      safety
          .AnswerByLink(TokenOf(alert.id, lan),
                        {SafetyStatus::kNeedHelp, "Nhà bị sập, con tôi bị thương", citizens::GeoPoint{34.70, 135.49}},
                        "203.0.113.9")
          .ok());
  auto open = assistance.List({.state = CaseState::kOpen}, As(consul_));
  ASSERT_TRUE(open.ok()) << open.status().ToString();
  ASSERT_EQ(open->size(), 1u);
  const AssistanceCase& opened = open->front();
  EXPECT_EQ(opened.citizen_id, lan);
  EXPECT_EQ(opened.full_name, "Nguyễn Thị Lan");
  EXPECT_EQ(opened.unit_id, Unit("EMB-JP"));
  ASSERT_TRUE(opened.assignee_id);
  EXPECT_EQ(*opened.assignee_id, duty_.user_id);
  EXPECT_EQ(opened.last_message, "Nhà bị sập, con tôi bị thương");
  ASSERT_TRUE(opened.location);
  EXPECT_DOUBLE_EQ(opened.location->latitude, 34.70);
  auto told = notifications_->List(duty_.user_id, false, 50);
  ASSERT_TRUE(told.ok());
  ASSERT_EQ(told->size(), 1u);
  EXPECT_EQ(told->front().link, "/alerts/assistance/" + std::to_string(opened.id));
  EXPECT_TRUE(told->front().urgent);
  EXPECT_THAT(told->front().body, Not(HasSubstr("Lan")));  // no names leave in notifications

  // The dashboard's list links the person to the case.
  auto people = safety.People(alert.id, "need_help", As(consul_));
  ASSERT_TRUE(people.ok());
  ASSERT_EQ(people->size(), 1u);
  EXPECT_EQ(people->front().case_id, opened.id);

  // Another mission does not see it at all.
  EXPECT_EQ(assistance.Get(opened.id, As(berlin_)).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(assistance.AddNote(opened.id, "x", As(berlin_)).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(assistance.List({}, As(berlin_))->empty());

  // The mission works it: a note, a reassignment (only to someone who may act there), a later answer by SMS, the
  // resolution.
  ASSERT_TRUE(assistance.AddNote(opened.id, "Đã gọi điện, đội cứu hộ đang tới.", As(duty_)).ok());
  EXPECT_EQ(assistance.Assign(opened.id, berlin_.user_id, As(duty_)).status().code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(assistance.Assign(opened.id, consul_.user_id, As(duty_)).ok());
  auto answered = safety.AnswerBySms("+819011112222", "AN TOAN " + alert.reply_code, "sms-1");
  ASSERT_TRUE(answered.ok()) << answered.status().ToString();
  auto resolved = assistance.Resolve(opened.id, "Đã đưa đến bệnh viện; an toàn.", As(consul_));
  ASSERT_TRUE(resolved.ok()) << resolved.status().ToString();
  EXPECT_EQ(resolved->state, CaseState::kResolved);
  EXPECT_EQ(assistance.Resolve(opened.id, "", As(consul_)).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(Kinds(*resolved), ElementsAre("opened", "assigned", "note", "assigned", "answered_safe", "resolved"));
  EXPECT_EQ(resolved->trail[2].actor_id, duty_.user_id);
  EXPECT_EQ(resolved->trail[2].text, "Đã gọi điện, đội cứu hộ đang tới.");
  EXPECT_EQ(resolved->trail[4].channel, "sms");

  // A new call for help reopens it.
  ASSERT_TRUE(safety.AnswerBySms("+819011112222", "CAN GIUP " + alert.reply_code, "sms-2").ok());
  auto again = assistance.Get(opened.id, As(consul_));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->state, CaseState::kOpen);
  EXPECT_EQ(again->trail.back().kind, "reopened");
  EXPECT_EQ(again->assignee_id, consul_.user_id);

  // Every step is audited; every reading of cases too.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE target_type = 'assistance_case' AND target_id = "
                  "CAST(? AS TEXT) AND action LIKE 'assistance.%'",
                  opened.id),
            6);  // opened, noted, assigned, answered (safe), resolved, reopened; not the refused reassignment
  EXPECT_GE(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'personal_data.read' AND target_type = "
                  "'assistance_case' AND actor_user_id = ?",
                  consul_.user_id),
            2);
}

TEST_P(AssistanceTest, TheExportHoldsOnesAnswersAndCaseAndTheErasureLeavesNoneOfThem) {
  const std::int64_t lan = Register("Nguyễn Thị Lan", "+819011112222");
  const std::int64_t binh = Register("Trần Văn Bình", "+819033334444");
  const Alert alert = SendSafetyCheck();
  SafetyCheck& safety = module_->safety();
  ASSERT_TRUE(safety
                  .AnswerByLink(TokenOf(alert.id, lan),
                                {SafetyStatus::kNeedHelp, "Tôi bị kẹt ở ga Umeda", citizens::GeoPoint{34.70, 135.49}},
                                "x")
                  .ok());
  ASSERT_TRUE(
      safety.AnswerByLink(TokenOf(alert.id, binh), {SafetyStatus::kNeedHelp, "Bình cần thuốc", std::nullopt}, "x")
          .ok());
  auto cases = module_->assistance().List({}, As(consul_));
  ASSERT_EQ(cases->size(), 2u);
  for (const AssistanceCase& item : *cases) {
    ASSERT_TRUE(module_->assistance().AddNote(item.id, "Ghi chú về " + item.full_name, As(consul_)).ok());
  }

  auto exported = citizens_->ExportOwn(lan, "citizen");
  ASSERT_TRUE(exported.ok()) << exported.status().ToString();
  const std::string text = boost::json::serialize(*exported);
  EXPECT_THAT(text, HasSubstr("Tôi bị kẹt ở ga Umeda"));  // their answer
  const boost::json::value& answer = exported->at("safety_answers").as_array().at(0);
  EXPECT_DOUBLE_EQ(answer.at("location").at("latitude").to_number<double>(), 34.70);  // where they were
  EXPECT_THAT(text, HasSubstr("Ghi chú về Nguyễn Thị Lan"));                          // the mission's note about them
  EXPECT_THAT(text, HasSubstr(alert.identifier));                                     // which alert
  EXPECT_THAT(text, Not(HasSubstr("Bình")));                                          // nobody else's
  EXPECT_THAT(text, Not(HasSubstr("+819033334444")));

  ASSERT_TRUE(citizens_->EraseOwn(lan, "citizen", "x").ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM safety_replies WHERE citizen_id = ?", lan), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM assistance_cases WHERE citizen_id = ?", lan), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM assistance_entries e WHERE NOT EXISTS (SELECT 1 FROM assistance_cases c "
                  "WHERE c.id = e.case_id) AND e.id > ?",
                  0),
            0);
  // Bình's stay.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM safety_replies WHERE citizen_id = ?", binh), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM assistance_entries e JOIN assistance_cases c ON c.id = e.case_id WHERE "
                  "c.citizen_id = ?",
                  binh),
            3);  // opened, assigned, note
}

TEST_P(AssistanceTest, AWebPushNotificationAnswersSafeFromItsButtonAndOpensThePageForHelp) {
  const std::int64_t lan = Register("Nguyễn Thị Lan", "+819011112222");
  const Alert alert = SendSafetyCheck();
  AlertMessages messages(module_->service(), *citizens_, {.public_base_url = "https://lanhsu.example"});
  messages.SetSafetyToken([this](std::int64_t id) { return SafetyToken(*cipher_, id); });
  const std::string token = TokenOf(alert.id, lan);
  delivery::ClaimedDelivery claimed;
  claimed.id = std::stoll(token.substr(0, token.find('.')));
  claimed.campaign = AlertsService::Campaign(alert.id);
  claimed.citizen_id = lan;
  claimed.language = "vi";
  auto message = messages.MessageFor(claimed, delivery::Channel::kWebPush);
  ASSERT_TRUE(message.ok()) << message.status().ToString();
  ASSERT_EQ(message->actions.size(), 2u);
  const delivery::MessageAction& safe = message->actions[0];
  EXPECT_EQ(safe.title, "Tôi an toàn");
  EXPECT_EQ(safe.post_url, "https://lanhsu.example/api/v1/public/safety/" + token);
  EXPECT_EQ(message->actions[1].open_url, "https://lanhsu.example/safe/" + token + "?answer=need_help&via=web_push");
  // Other channels have no buttons.
  EXPECT_TRUE(messages.MessageFor(claimed, delivery::Channel::kSms)->actions.empty());

  // What the service worker does with the button: posts its body to its URL (the route reads `via`).
  const std::string posted = safe.post_url.substr(safe.post_url.rfind('/') + 1);
  ASSERT_TRUE(module_->safety().AnswerByLink(posted, {SafetyStatus::kSafe, "", std::nullopt}, "x", "web_push").ok());
  auto summary = module_->safety().Summary(alert.id, As(consul_));
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->safe, 1);
  EXPECT_THAT(summary->by_channel, ElementsAre(std::pair<std::string, std::int64_t>{"web_push", 1}));
}

}  // namespace
}  // namespace chancery::alerts
