#include "modules/notifications/smtp_mailer.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>

#include "core/crypto.hpp"

namespace chancery::notifications {
namespace {

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// "Name <address>" or "address" → "address".
std::string BareAddress(const std::string& text) {
  const auto open = text.find('<');
  const auto close = text.rfind('>');
  if (open != std::string::npos && close != std::string::npos && close > open) {
    return text.substr(open + 1, close - open - 1);
  }
  return text;
}

bool IsPlausibleAddress(const std::string& address) {
  const auto at = address.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= address.size() || address.size() > 254) return false;
  return std::none_of(address.begin(), address.end(), [](char c) {
    return c == '\r' || c == '\n' || c == '<' || c == '>' || c == ' ' || c == ',' || c == '\0';
  });
}

bool IsAscii(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// RFC 2047: non-ASCII header text as UTF-8 base64 encoded words, each under 76 characters, split between
// characters (never inside a UTF-8 sequence).
std::string EncodeHeader(const std::string& text) {
  std::string clean;
  for (char c : text) clean += (c == '\r' || c == '\n') ? ' ' : c;
  if (IsAscii(clean)) return clean;
  std::string out;
  std::size_t start = 0;
  while (start < clean.size()) {
    std::size_t end = std::min(clean.size(), start + 45);
    while (end < clean.size() && (static_cast<unsigned char>(clean[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + crypto::Base64Encode(std::string_view(clean).substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

struct Upload {
  std::string data;
  std::size_t offset = 0;
};

std::size_t ReadUpload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t room = size * count;
  const std::size_t left = upload->data.size() - upload->offset;
  const std::size_t n = std::min(room, left);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

}  // namespace

std::string FormatMail(const MailOptions& options, const MailMessage& message, const std::string& date) {
  std::string mail;
  mail += "Date: " + date + "\r\n";
  mail += "From: " + EncodeHeader(options.from) + "\r\n";
  mail += "To: <" + message.to + ">\r\n";
  mail += "Subject: " + EncodeHeader(message.subject) + "\r\n";
  mail += "Message-ID: <" + message.message_id + ">\r\n";
  mail += "MIME-Version: 1.0\r\n";
  mail += "Content-Type: text/plain; charset=utf-8\r\n";
  mail += "Content-Transfer-Encoding: base64\r\n";
  mail += "Auto-Submitted: auto-generated\r\n";
  mail += "\r\n";
  const std::string encoded = crypto::Base64Encode(message.body);
  for (std::size_t i = 0; i < encoded.size(); i += 76) mail += encoded.substr(i, 76) + "\r\n";
  return mail;
}

SmtpMailer::SmtpMailer(MailOptions options) : options_(std::move(options)) { InitCurlOnce(); }

Status SmtpMailer::Send(const MailMessage& message) const {
  if (!enabled()) return FailedPrecondition("mail is not configured (mail.smtp_url)");
  if (!IsPlausibleAddress(message.to)) return InvalidArgument("'" + message.to + "' is not an e-mail address");
  const std::string from = BareAddress(options_.from);
  if (!IsPlausibleAddress(from)) return InvalidArgument("mail.from is not an e-mail address");

  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return Internal("cannot start libcurl");
  char date[64];
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &utc);
  Upload upload{FormatMail(options_, message, date)};
  const std::string mail_from = "<" + from + ">";
  const std::string rcpt = "<" + message.to + ">";
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipients(curl_slist_append(nullptr, rcpt.c_str()),
                                                                         &curl_slist_free_all);
  char error[CURL_ERROR_SIZE] = "";
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, options_.smtp_url.c_str());
  curl_easy_setopt(handle, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(handle, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(handle, CURLOPT_READFUNCTION, &ReadUpload);
  curl_easy_setopt(handle, CURLOPT_READDATA, &upload);
  curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(handle, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (options_.starttls) curl_easy_setopt(handle, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!options_.username.empty()) {
    curl_easy_setopt(handle, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(handle, CURLOPT_PASSWORD, options_.password.c_str());
  }
  const CURLcode result = curl_easy_perform(handle);
  if (result != CURLE_OK) {
    return Unavailable(std::string("SMTP delivery failed: ") + (error[0] ? error : curl_easy_strerror(result)));
  }
  return Status::Ok();
}

}  // namespace chancery::notifications
