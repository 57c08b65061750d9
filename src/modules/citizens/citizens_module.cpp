#include "modules/citizens/citizens_module.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "modules/citizens/citizens_api.hpp"
#include "modules/notifications/smtp_mailer.hpp"

namespace chancery::citizens {
namespace {

struct CodeText {
  std::string subject;
  std::string body;
};

CodeText TextFor(const std::string& code, const std::string& language) {
  if (language == "en") {
    return {"Your verification code: " + code,
            "Your verification code for the citizens' registry of the Ministry of Foreign Affairs is " + code +
                ". It is valid for 10 minutes. If you did not ask for it, ignore this message."};
  }
  return {"Mã xác nhận của bạn: " + code,
          "Mã xác nhận đăng ký công dân của Bộ Ngoại giao là " + code +
              ". Mã có hiệu lực trong 10 phút. Nếu bạn không yêu cầu mã này, hãy bỏ qua tin nhắn."};
}

Status WriteToOutbox(const std::string& directory, const Contact& contact, const CodeText& text) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) return Unavailable("cannot create the demo outbox " + directory + ": " + error.message());
  chmod(directory.c_str(), 0700);
  const std::string path = directory + "/" + crypto::RandomToken(6) + ".txt";
  std::ofstream file(path);
  file << "To: " << contact.value << "\nSubject: " << text.subject << "\n\n" << text.body << "\n";
  if (!file) return Unavailable("cannot write to the demo outbox " + directory);
  spdlog::info("portal: a verification code was written to the demo outbox {}", directory);
  return Status::Ok();
}

}  // namespace

CodeSender MakeCodeSender(const CitizensOptions& options) {
  auto mailer = std::make_shared<notifications::SmtpMailer>(options.mail);
  auto sms = std::make_shared<delivery::SmsGateway>(options.sms);
  const std::string outbox = options.demo_outbox_dir;
  return [mailer, sms, outbox](const Contact& contact, const std::string& code, const std::string& language) {
    const CodeText text = TextFor(code, language);
    if (contact.kind == ContactKind::kEmail) {
      if (!mailer->enabled()) {
        if (!outbox.empty()) return WriteToOutbox(outbox, contact, text);
        return Unavailable("This server cannot send e-mail; sign in with your phone number instead.");
      }
      return mailer->Send({contact.value, text.subject, text.body, crypto::RandomToken(16) + "@chancery"});
    }
    if (!sms->enabled()) {
      if (!outbox.empty()) return WriteToOutbox(outbox, contact, text);
      return Unavailable("This server cannot send text messages; sign in with your e-mail address instead.");
    }
    const delivery::SendOutcome outcome = sms->Send(contact.value, text.body, "code-" + crypto::RandomToken(12));
    switch (outcome.result) {
      case delivery::SendResult::kAccepted: return Status::Ok();
      case delivery::SendResult::kTransient:
        return Unavailable("The text message could not be sent just now; try again in a minute.");
      case delivery::SendResult::kUnreachable:
      case delivery::SendResult::kRejected:
        return InvalidArgument("A text message cannot be sent to this number.").WithField("/contact");
    }
    return Internal("unknown send result");
  };
}

CitizensModule::CitizensModule(storage::Database& database, const Clock& clock, const crypto::FieldCipher& cipher,
                               audit::AuditLog& audit, const identity::Authorizer& authorizer,
                               directory::DirectoryService& directory, CitizensOptions options)
    : service_(database, clock, cipher, audit, authorizer, directory),
      portal_(service_, cipher, MakeCodeSender(options), options.portal) {}

void CitizensModule::RegisterRoutes(net::Router& router) {
  RegisterStaffRoutes(router, service_);
  RegisterPortalRoutes(router, portal_);
}

}  // namespace chancery::citizens
