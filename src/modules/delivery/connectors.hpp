// The connectors the dispatcher sends through, over the transports of this module and of notifications: e-mail
// (SMTP with STARTTLS, by libcurl), SMS (the HTTP gateway) and web push (RFC 8030/8291/8292). Zalo's are in the
// zalo module. Each maps a SendRequest to its transport and the transport's answer to a SendOutcome; the
// idempotency key travels as the e-mail's Message-ID, the SMS reference and the push Topic's source.
//
// Thread-safety: Send may be called from several dispatcher threads at once.
#pragma once

#include <memory>

#include "modules/delivery/delivery.hpp"
#include "modules/delivery/sms_gateway.hpp"
#include "modules/delivery/web_push.hpp"
#include "modules/notifications/smtp_mailer.hpp"

namespace chancery::delivery {

class EmailConnector : public Connector {
 public:
  explicit EmailConnector(notifications::MailOptions options) : mailer_(std::move(options)) {}
  SendOutcome Send(const SendRequest& request) override;

 private:
  notifications::SmtpMailer mailer_;
};

class SmsConnector : public Connector {
 public:
  explicit SmsConnector(SmsGatewayOptions options) : gateway_(std::move(options)) {}
  SendOutcome Send(const SendRequest& request) override;

 private:
  SmsGateway gateway_;
};

class WebPushConnector : public Connector {
 public:
  explicit WebPushConnector(WebPushOptions options) : sender_(std::move(options)) {}
  SendOutcome Send(const SendRequest& request) override;

 private:
  WebPushSender sender_;
};

}  // namespace chancery::delivery
