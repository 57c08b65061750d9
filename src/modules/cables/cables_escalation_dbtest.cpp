// Escalation with a controllable clock, on every engine, with e-mail delivered to a real local SMTP server: a
// FLASH cable's NIACT action addressee misses its deadline at night and its duty officer is alerted at once, then
// the HQ watch desk; a non-NIACT addressee with nobody on call waits for its working morning and then goes straight
// to HQ; an acknowledged addressee is never escalated; and the e-mails name the cable by reference only.
#include <gtest/gtest.h>

#include "modules/cables/cables_escalator.hpp"
#include "modules/cables/cables_service.hpp"
#include "modules/notifications/notifications_service.hpp"
#include "support/ministry_test.hpp"
#include "support/smtp_server.hpp"

namespace chancery::cables {
namespace {

constexpr std::int64_t kMinute = 60 * 1000;

class CablesEscalationTest : public testing::MinistryTest {
 protected:
  void SetUp() override {
    MinistryTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    notifications_ = std::make_unique<notifications::NotificationsService>(
        db(), clock(), *audit_, *identity_,
        notifications::MailOptions{.smtp_url = smtp_.url(), .from = "Chancery <chancery@mofa.test>"});
    attachments_ = std::make_unique<attachments::AttachmentsService>(db(), clock(), *audit_, *cipher_,
                                                                     attachments::AttachmentOptions{});
    cables_ = std::make_unique<CablesService>(db(), clock(), *audit_, *authorizer_, *identity_, *attachments_, tree_,
                                              CablesOptions{});
    escalator_ = std::make_unique<CablesEscalator>(db(), clock(), *audit_, *identity_, *directory_, tree_,
                                                   *notifications_, EscalationOptions{});
  }

  int Run() {
    Result<int> taken = escalator_->RunOnce();
    EXPECT_TRUE(taken.ok()) << taken.status().ToString();
    return taken.ok() ? *taken : -1;
  }

  std::vector<notifications::Notification> NotificationsOf(const Principal& person) {
    auto items = notifications_->List(person.user_id, false, 50);
    EXPECT_TRUE(items.ok()) << items.status().ToString();
    return items.ok() ? *items : std::vector<notifications::Notification>{};
  }

  Recipient RecipientAt(std::int64_t cable_id, const std::string& unit, const Principal& reader) {
    auto cable = cables_->Track(cable_id, {.actor = &reader});
    EXPECT_TRUE(cable.ok()) << cable.status().ToString();
    for (const Recipient& recipient : cable->recipients) {
      if (recipient.unit_id == Unit(unit)) return recipient;
    }
    ADD_FAILURE() << "no recipient " << unit;
    return {};
  }

  testing::LocalSmtpServer smtp_;
  std::unique_ptr<notifications::NotificationsService> notifications_;
  std::unique_ptr<attachments::AttachmentsService> attachments_;
  std::unique_ptr<CablesService> cables_;
  std::unique_ptr<CablesEscalator> escalator_;
};
CHANCERY_DB_TEST_SUITE(CablesEscalationTest);

TEST_P(CablesEscalationTest, AMissedFlashDeadlineGoesToTheDutyRosterThenToHqByEmail) {
  ASSERT_TRUE(smtp_.running());
  // 2026-01-01 00:00 UTC: 01:00 in Berlin, Rome and Paris, a Thursday night.
  const Principal drafter = Person("drafter.fr", "EMB-FR", "consular_officer");
  const Principal clearer = Person("dcm.fr", "EMB-FR", "head_of_mission");
  const Principal releaser = Person("hom.fr", "EMB-FR", "head_of_mission");
  const Principal duty_de = Person("duty.de", "EMB-DE", "consular_officer");
  const Principal reader_jp = Person("reader.jp", "EMB-JP", "consular_officer");
  const Principal watch = Person("watch.hq", "HQ-OPS", "hq_desk_officer", "vi");
  OnCall("EMB-DE", duty_de);
  OnCall("HQ-OPS", watch);  // Italy has nobody on call

  CableDraft draft{
      .originating_unit_id = Unit("EMB-FR"),
      .subject = "Evacuation of citizens from the border area",
      .body = "Confirm the number of citizens registered.",
      .precedence = Precedence::kFlash,
      .classification = Classification::kRestricted,
      .addressees = std::vector<Addressee>{{.role = AddresseeRole::kAction, .unit_id = Unit("EMB-DE"), .niact = true},
                                           {.role = AddresseeRole::kAction, .unit_id = Unit("EMB-IT")},
                                           {.role = AddresseeRole::kAction, .unit_id = Unit("EMB-JP"), .niact = true}}};
  auto cable = cables_->CreateDraft(draft, {.actor = &drafter});
  ASSERT_TRUE(cable.ok()) << cable.status().ToString();
  ASSERT_TRUE(cables_->Submit(cable->id, {clearer.user_id}, ClearanceRule::kAll, {.actor = &drafter}).ok());
  ASSERT_TRUE(cables_->Decide(cable->id, ClearanceDecision::kCleared, "", {.actor = &clearer}).ok());
  auto released = cables_->Release(cable->id, {.actor = &releaser});
  ASSERT_TRUE(released.ok()) << released.status().ToString();
  const std::string reference = released->reference;
  ASSERT_TRUE(cables_->Acknowledge(cable->id, Unit("EMB-JP"), {.actor = &reader_jp}).ok());

  clock().Advance(9 * kMinute);
  EXPECT_EQ(Run(), 0) << "nothing is due before the ten-minute FLASH deadline";

  clock().Advance(1 * kMinute);
  EXPECT_EQ(Run(), 1) << "only Germany: NIACT alerts at night; Italy waits for its morning; Japan acknowledged";
  Recipient de = RecipientAt(cable->id, "EMB-DE", drafter);
  EXPECT_EQ(de.escalation_level, 1);
  EXPECT_EQ(de.escalated_at_ms, clock().NowMs());
  auto duty_inbox = NotificationsOf(duty_de);
  ASSERT_EQ(duty_inbox.size(), 1u);
  EXPECT_TRUE(duty_inbox[0].urgent);
  EXPECT_NE(duty_inbox[0].title.find(reference), std::string::npos);
  EXPECT_NE(duty_inbox[0].title.find("NIACT"), std::string::npos);
  EXPECT_EQ(duty_inbox[0].title.find("Evacuation"), std::string::npos) << "never the subject";
  EXPECT_EQ(RecipientAt(cable->id, "EMB-IT", drafter).escalation_level, 0);
  EXPECT_EQ(RecipientAt(cable->id, "EMB-JP", drafter).escalation_level, 0);
  EXPECT_EQ(Run(), 0) << "a step is taken once";

  EXPECT_EQ(cables_->Read(cable->id, {.actor = &watch}).status().code(), StatusCode::kPermissionDenied)
      << "the watch desk is not on the distribution before it is alerted";
  clock().Advance(10 * kMinute);
  EXPECT_EQ(Run(), 1) << "another deadline without acknowledgement: the HQ watch desk";
  auto read_by_watch = cables_->Read(cable->id, {.actor = &watch});
  EXPECT_TRUE(read_by_watch.ok()) << "alerted, the watch desk may read it: " << read_by_watch.status().ToString();
  EXPECT_EQ(RecipientAt(cable->id, "EMB-DE", drafter).escalation_level, 2);
  auto watch_inbox = NotificationsOf(watch);
  ASSERT_EQ(watch_inbox.size(), 1u);
  EXPECT_NE(watch_inbox[0].title.find(reference), std::string::npos);
  EXPECT_NE(watch_inbox[0].title.find("chưa được xác nhận"), std::string::npos) << "in the recipient's language";

  // The e-mails reach the local SMTP server.
  auto report = notifications_->SendPendingMail();
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->sent, 2);
  auto mails = smtp_.Messages();
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_EQ(mails[0].envelope_to, "duty.de@mofa.test");
  EXPECT_NE(mails[0].subject.find("[URGENT] Unacknowledged FLASH NIACT cable " + reference), std::string::npos)
      << mails[0].subject;
  EXPECT_NE(mails[0].body.find("You are on call for"), std::string::npos) << mails[0].body;
  EXPECT_NE(mails[0].body.find("/cables/" + std::to_string(cable->id)), std::string::npos);
  EXPECT_EQ(mails[1].envelope_to, "watch.hq@mofa.test");
  EXPECT_NE(mails[1].subject.find("Điện FLASH NIACT " + reference), std::string::npos) << mails[1].subject;
  EXPECT_EQ(mails[1].raw.find("Evacuation"), std::string::npos) << "never the subject";
  EXPECT_EQ(notifications_->SendPendingMail()->sent, 0) << "each e-mail once";

  // 07:00 UTC is 08:00 in Rome: Italy's alert goes out, and with nobody on call there, straight to HQ.
  clock().Advance((7 * 60 - 20) * kMinute);
  EXPECT_EQ(Run(), 1);
  EXPECT_EQ(RecipientAt(cable->id, "EMB-IT", drafter).escalation_level, 2);
  EXPECT_EQ(NotificationsOf(watch).size(), 2u);
  EXPECT_EQ(RecipientAt(cable->id, "EMB-JP", drafter).escalation_level, 0) << "acknowledged: never escalated";
  EXPECT_EQ(notifications_->SendPendingMail()->sent, 1);
  EXPECT_EQ(smtp_.Messages().size(), 3u);
}

TEST_P(CablesEscalationTest, AcknowledgingInTimeStopsTheEscalationAndMailFailuresAreRetried) {
  const Principal drafter = Person("drafter.fr", "EMB-FR", "consular_officer");
  const Principal clearer = Person("dcm.fr", "EMB-FR", "head_of_mission");
  const Principal releaser = Person("hom.fr", "EMB-FR", "head_of_mission");
  const Principal duty_de = Person("duty.de", "EMB-DE", "consular_officer");
  OnCall("EMB-DE", duty_de);
  CableDraft draft{
      .originating_unit_id = Unit("EMB-FR"),
      .subject = "Visit",
      .body = "Programme.",
      .precedence = Precedence::kImmediate,
      .addressees = std::vector<Addressee>{{.role = AddresseeRole::kAction, .unit_id = Unit("EMB-DE"), .niact = true}}};
  auto cable = cables_->CreateDraft(draft, {.actor = &drafter});
  ASSERT_TRUE(cable.ok());
  ASSERT_TRUE(cables_->Submit(cable->id, {clearer.user_id}, ClearanceRule::kAny, {.actor = &drafter}).ok());
  ASSERT_TRUE(cables_->Decide(cable->id, ClearanceDecision::kCleared, "", {.actor = &clearer}).ok());
  ASSERT_TRUE(cables_->Release(cable->id, {.actor = &releaser}).ok());
  clock().Advance(61 * kMinute);
  EXPECT_EQ(Run(), 1);
  // The duty officer acknowledges: HQ is never bothered.
  ASSERT_TRUE(cables_->Acknowledge(cable->id, Unit("EMB-DE"), {.actor = &duty_de}).ok());
  clock().Advance(180 * kMinute);
  EXPECT_EQ(Run(), 0);
  EXPECT_EQ(RecipientAt(cable->id, "EMB-DE", drafter).escalation_level, 1);

  // With the SMTP server unreachable, the e-mail stays in the outbox and is retried later, not lost.
  notifications::NotificationsService unreachable(
      db(), clock(), *audit_, *identity_,
      notifications::MailOptions{.smtp_url = "smtp://127.0.0.1:1", .from = "Chancery <chancery@mofa.test>"});
  auto failed = unreachable.SendPendingMail();
  ASSERT_TRUE(failed.ok()) << failed.status().ToString();
  EXPECT_EQ(failed->retried, 1);
  EXPECT_EQ(notifications_->SendPendingMail()->sent, 0) << "not due again before its backoff";
  clock().Advance(1 * kMinute);
  EXPECT_EQ(notifications_->SendPendingMail()->sent, 1);
  ASSERT_EQ(smtp_.Messages().size(), 1u);
  EXPECT_EQ(smtp_.Messages()[0].envelope_to, "duty.de@mofa.test");
}

}  // namespace
}  // namespace chancery::cables
