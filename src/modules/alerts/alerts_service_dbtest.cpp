// Crisis alerts through the service on both engines: composing within the jurisdiction, the recipient preview, the
// two-person rule with step-up, the plan (who, in which language, over which channels), Cancel stopping the
// original, and the CAP XML of every kind of alert validating against the OASIS schema.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "modules/alerts/alerts_service.hpp"
#include "modules/citizens/citizens_service.hpp"
#include "support/cap_schema.hpp"
#include "support/ministry_test.hpp"

namespace chancery::alerts {
namespace {

using ::testing::HasSubstr;

// A square around Osaka (34.69, 135.50) as a CAP polygon.
constexpr const char* kOsaka = "34.5,135.3 34.9,135.3 34.9,135.7 34.5,135.7 34.5,135.3";

class AlertsServiceTest : public testing::MinistryTest {
 protected:
  void SetUp() override {
    MinistryTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    citizens_ =
        std::make_unique<citizens::CitizensService>(db(), clock(), *cipher_, *audit_, *authorizer_, *directory_);
    recipients_ = std::make_unique<Recipients>(db(), citizens_->store());
    deliveries_ = std::make_unique<delivery::DeliveryStore>(db());
    AlertsOptions options;
    options.approval_threshold = 2;
    service_ = std::make_unique<AlertsService>(db(), clock(), *audit_, *authorizer_, *tree_, *directory_, *recipients_,
                                               *deliveries_, options);
    consul_ = Person("consul.jp", "EMB-JP", "consular_officer");
    ambassador_ = Person("ambassador.jp", "EMB-JP", "head_of_mission");
    berlin_ = Person("consul.de", "EMB-DE", "consular_officer");
  }

  identity::ActionContext As(const Principal& principal) { return {&principal, "127.0.0.1", "test"}; }

  // A citizen of Japan at a point, with consents.
  std::int64_t Register(const std::string& name, double latitude, double longitude, const std::string& language,
                        std::vector<citizens::ConsentChoice> consents) {
    citizens::Profile profile;
    profile.full_name = name;
    profile.email = name + "@example.jp";
    profile.phone = "+8190" + std::to_string(10000000 + citizens_count_++);
    profile.residence_country = "JP";
    profile.location = citizens::GeoPoint{latitude, longitude};
    profile.language = language;
    auto created = citizens_->Create(profile, consents, citizens::DuplicatePolicy::kRefuse, As(consul_));
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? created->id : 0;
  }

  AlertContent Content(CapStatus status = CapStatus::kActual) {
    AlertContent content;
    content.unit_id = Unit("EMB-JP");
    content.status = status;
    content.categories = {CapCategory::kMet};
    content.response_types = {CapResponseType::kShelter};
    content.urgency = CapUrgency::kImmediate;
    content.severity = CapSeverity::kSevere;
    content.certainty = CapCertainty::kLikely;
    content.texts = {{"vi", "Bão", "Bão số 7 đổ bộ Osaka", "Gió mạnh & mưa lớn <cấp 12>.", "Ở trong nhà."},
                     {"en", "Typhoon", "Typhoon 7 reaches Osaka", "Strong winds.", "Stay indoors."}};
    content.area_description = "Osaka";
    content.polygons = {kOsaka};
    return content;
  }

  std::unique_ptr<citizens::CitizensService> citizens_;
  std::unique_ptr<Recipients> recipients_;
  std::unique_ptr<delivery::DeliveryStore> deliveries_;
  std::unique_ptr<AlertsService> service_;
  Principal consul_;
  Principal ambassador_;
  Principal berlin_;
  int citizens_count_ = 0;
};
CHANCERY_DB_TEST_SUITE(AlertsServiceTest);

TEST_P(AlertsServiceTest, ALargeActualAlertWaitsForASecondPersonWithAFreshMfaCheck) {
  using citizens::Channel;
  const std::int64_t lan = Register("lan", 34.69, 135.50, "vi", {{Channel::kZalo, true}, {Channel::kEmail, true}});
  const std::int64_t minh = Register("minh", 34.70, 135.49, "en", {{Channel::kSms, true}});
  const std::int64_t hoa = Register("hoa", 34.68, 135.52, "vi", {{Channel::kEmail, true}, {Channel::kSms, false}});
  Register("tokyo", 35.68, 139.76, "vi", {{Channel::kEmail, true}});        // outside the polygon
  const std::int64_t silent = Register("silent", 34.69, 135.51, "vi", {});  // inside, consented to nothing

  auto alert = service_->Create(Content(), As(consul_));
  ASSERT_TRUE(alert.ok()) << alert.status().ToString();
  EXPECT_EQ(alert->identifier, "vn.gov.mofa.alert." + std::to_string(alert->id));
  auto preview = service_->Preview(alert->id, As(consul_));
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  EXPECT_EQ(preview->total, 4);
  EXPECT_EQ(preview->without_channel, 1);
  EXPECT_TRUE(preview->needs_approval);  // 3 reachable > threshold 2
  const std::map<std::string, std::int64_t> channels(preview->by_channel.begin(), preview->by_channel.end());
  EXPECT_EQ(channels.at("zalo_template"), 1);  // Lan: Zalo consent and a phone
  EXPECT_EQ(channels.at("sms"), 1);            // Minh
  EXPECT_EQ(channels.at("email"), 2);          // Lan and Hoa
  const std::map<std::string, std::int64_t> languages(preview->by_language.begin(), preview->by_language.end());
  EXPECT_EQ(languages.at("vi"), 3);
  EXPECT_EQ(languages.at("en"), 1);

  auto submitted = service_->Submit(alert->id, As(consul_));
  ASSERT_TRUE(submitted.ok()) << submitted.status().ToString();
  EXPECT_EQ(submitted->state, AlertState::kAwaitingApproval);
  EXPECT_EQ(service_->Approve(alert->id, As(consul_)).status().code(), StatusCode::kPermissionDenied);
  ambassador_.mfa_verified_at_ms = clock().NowMs();
  clock().Advance(10 * 60 * 1000);
  auto stale = service_->Approve(alert->id, As(ambassador_));
  EXPECT_EQ(stale.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(stale.status().reason(), "step_up_required");
  ambassador_.mfa_verified_at_ms = clock().NowMs();
  auto approved = service_->Approve(alert->id, As(ambassador_));
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  EXPECT_EQ(approved->state, AlertState::kSending);
  EXPECT_EQ(approved->recipients, 3);

  auto claimed = deliveries_->ClaimDue(clock().NowMs(), 60000, 100);
  ASSERT_TRUE(claimed.ok());
  std::map<std::int64_t, delivery::ClaimedDelivery> plan;
  for (const auto& delivery : *claimed) plan[delivery.citizen_id] = delivery;
  ASSERT_EQ(plan.size(), 3u);
  EXPECT_FALSE(plan.count(silent));
  using Step = delivery::Channel;
  EXPECT_EQ(plan[lan].cascade, (std::vector<Step>{Step::kZaloTemplate, Step::kEmail}));
  EXPECT_EQ(plan[minh].cascade, (std::vector<Step>{Step::kSms}));
  EXPECT_EQ(plan[minh].language, "en");
  EXPECT_EQ(plan[hoa].cascade, (std::vector<Step>{Step::kEmail}));
}

TEST_P(AlertsServiceTest, AMissionAlertsOnlyItsJurisdiction) {
  AlertContent content = Content();
  content.polygons.clear();
  content.countries = {"JP"};
  content.unit_id = Unit("EMB-DE");
  auto refused = service_->Create(content, As(berlin_));
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.status().field(), "/area/countries");
  EXPECT_EQ(service_->Create(Content(), As(berlin_)).status().code(), StatusCode::kPermissionDenied);
  // A polygon over Osaka drawn by Berlin reaches nobody in Japan.
  using citizens::Channel;
  Register("lan", 34.69, 135.50, "vi", {{Channel::kEmail, true}});
  content = Content();
  content.unit_id = Unit("EMB-DE");
  auto berlin_alert = service_->Create(content, As(berlin_));
  ASSERT_TRUE(berlin_alert.ok()) << berlin_alert.status().ToString();
  EXPECT_EQ(service_->Preview(berlin_alert->id, As(berlin_))->total, 0);
  EXPECT_EQ(service_->Get(berlin_alert->id, As(consul_)).status().code(), StatusCode::kNotFound);
}

TEST_P(AlertsServiceTest, ASmallExerciseGoesAtOnceAndACancelStopsWhatIsLeft) {
  using citizens::Channel;
  for (int i = 0; i < 5; ++i)
    Register("p" + std::to_string(i), 34.6 + i * 0.01, 135.5, "vi", {{Channel::kEmail, true}});
  auto exercise = service_->Create(Content(CapStatus::kExercise), As(consul_));
  ASSERT_TRUE(exercise.ok());
  auto sent = service_->Submit(exercise->id, As(consul_));
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(sent->state, AlertState::kSending);  // exercises need no second approval
  EXPECT_EQ(deliveries_->Progress(AlertsService::Campaign(exercise->id))->pending, 5);

  AlertContent cancel = Content(CapStatus::kExercise);
  cancel.message_type = CapMessageType::kCancel;
  cancel.references_id = exercise->id;
  cancel.texts = {{"vi", "Bão", "Huỷ cảnh báo bão", "", "Không còn nguy hiểm."}};
  auto cancelled = service_->Create(cancel, As(consul_));
  ASSERT_TRUE(cancelled.ok()) << cancelled.status().ToString();
  ASSERT_TRUE(service_->Submit(cancelled->id, As(consul_)).ok());
  auto original = deliveries_->Progress(AlertsService::Campaign(exercise->id));
  EXPECT_EQ(original->pending, 0);
  EXPECT_EQ(original->cancelled, 5);
  EXPECT_EQ(deliveries_->Progress(AlertsService::Campaign(cancelled->id))->pending, 5);
}

TEST_P(AlertsServiceTest, TheCapXmlOfEveryKindOfAlertValidatesAgainstTheSchema) {
  AlertContent first = Content();
  first.circles = {"34.69,135.50 25"};
  first.expires_at_ms = clock().NowMs() + 24 * 3600 * 1000;
  auto alert = service_->Create(first, As(consul_));
  ASSERT_TRUE(alert.ok());
  ASSERT_TRUE(service_->Submit(alert->id, As(consul_)).ok());  // nobody registered: goes at once
  std::vector<std::int64_t> ids = {alert->id};
  for (CapMessageType type : {CapMessageType::kUpdate, CapMessageType::kCancel}) {
    AlertContent next = Content();
    next.message_type = type;
    next.references_id = alert->id;
    next.countries = {"JP"};
    auto created = service_->Create(next, As(consul_));
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    ids.push_back(created->id);
  }
  AlertContent test = Content(CapStatus::kTest);
  test.scope = CapScope::kRestricted;
  ids.push_back(service_->Create(test, As(consul_))->id);
  for (std::int64_t id : ids) {
    auto xml = service_->CapXml(id, As(consul_));
    ASSERT_TRUE(xml.ok()) << xml.status().ToString();
    const testing::CapValidation validation = testing::ValidateCap(*xml);
    EXPECT_EQ(validation.exit_status, 0) << validation.output << "\n" << *xml;
  }
  auto update = service_->CapXml(ids[1], As(consul_));
  EXPECT_THAT(*update, HasSubstr("<references>alerts@mofa.gov.vn,vn.gov.mofa.alert." + std::to_string(alert->id)));
  EXPECT_THAT(*update, HasSubstr("Gió mạnh &amp; mưa lớn &lt;cấp 12&gt;."));
  // The public feed lists the public Actual alert that was sent, and its CAP is served by identifier.
  auto feed = service_->PublicFeed("https://lanhsu.example");
  ASSERT_TRUE(feed.ok()) << feed.status().ToString();
  EXPECT_THAT(*feed, HasSubstr("Bão số 7 đổ bộ Osaka"));
  EXPECT_TRUE(service_->PublicCapXml(alert->identifier).ok());
  EXPECT_EQ(service_->PublicCapXml("vn.gov.mofa.alert." + std::to_string(ids.back())).status().code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace chancery::alerts
