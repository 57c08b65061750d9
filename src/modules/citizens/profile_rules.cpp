#include "modules/citizens/profile_rules.hpp"

#include <chrono>
#include <cmath>

#include "core/crypto.hpp"
#include "modules/directory/geography.hpp"

namespace chancery::citizens {
namespace {

constexpr std::size_t kMaxText = 200;
constexpr std::size_t kMaxAddress = 500;
constexpr std::size_t kMaxListItems = 50;

bool HasControlCharacters(std::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

// "/stays/0/from" → "stays/0/from", the way a message names a field.
std::string Named(std::string_view pointer) {
  return std::string(!pointer.empty() && pointer[0] == '/' ? pointer.substr(1) : pointer);
}

std::string Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

Status CheckText(std::string& value, std::string_view field, std::size_t max_bytes) {
  value = Trim(value);
  if (value.size() > max_bytes) {
    return InvalidArgument(Named(field) + " is longer than " + std::to_string(max_bytes) + " bytes.")
        .WithField(std::string(field));
  }
  if (HasControlCharacters(value)) {
    return InvalidArgument(Named(field) + " contains control characters.").WithField(std::string(field));
  }
  return Status::Ok();
}

Status CheckDate(std::string& value, std::string_view field, bool required) {
  value = Trim(value);
  if (value.empty() && !required) return Status::Ok();
  if (!IsIsoDate(value)) {
    return InvalidArgument(Named(field) + " is a date written YYYY-MM-DD.").WithField(std::string(field));
  }
  return Status::Ok();
}

Status CheckCountry(std::string& value, std::string_view field, bool required) {
  value = Trim(value);
  for (char& c : value) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (value.empty() && !required) return Status::Ok();
  if (!directory::IsIsoCountry(value)) {
    return InvalidArgument(Named(field) + " is an ISO 3166-1 country code such as JP or DE.")
        .WithField(std::string(field));
  }
  return Status::Ok();
}

Status CheckOptionalEmail(std::string& value, std::string_view field) {
  if (Trim(value).empty()) {
    value.clear();
    return Status::Ok();
  }
  Result<std::string> email = NormaliseEmail(value);
  if (!email.ok()) return InvalidArgument(email.status().message()).WithField(std::string(field));
  value = *email;
  return Status::Ok();
}

Status CheckOptionalPhone(std::string& value, std::string_view field) {
  if (Trim(value).empty()) {
    value.clear();
    return Status::Ok();
  }
  Result<std::string> phone = NormalisePhone(value);
  if (!phone.ok()) return InvalidArgument(phone.status().message()).WithField(std::string(field));
  value = *phone;
  return Status::Ok();
}

std::string Item(std::string_view list, std::size_t index, std::string_view field) {
  return "/" + std::string(list) + "/" + std::to_string(index) + "/" + std::string(field);
}

}  // namespace

Result<std::string> NormalisePhone(std::string_view phone) {
  std::string digits;
  std::string trimmed = Trim(phone);
  std::size_t start = 0;
  if (!trimmed.empty() && trimmed[0] == '+') {
    start = 1;
  } else if (trimmed.rfind("00", 0) == 0) {
    start = 2;
  } else {
    return InvalidArgument("A phone number is written in international form, starting with + and the country code.");
  }
  for (std::size_t i = start; i < trimmed.size(); ++i) {
    const char c = trimmed[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      return InvalidArgument("A phone number holds only digits, spaces, dashes and a leading +.");
    }
  }
  if (digits.size() < 8 || digits.size() > 15 || digits[0] == '0') {
    return InvalidArgument("A phone number has a country code and 8 to 15 digits in all.");
  }
  return "+" + digits;
}

Result<std::string> NormaliseEmail(std::string_view email) {
  std::string value = Trim(email);
  for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto at = value.find('@');
  if (value.size() > 254 || at == std::string::npos || at == 0 || at + 1 >= value.size() ||
      value.find('@', at + 1) != std::string::npos || value.find('.', at) == std::string::npos ||
      value.find_first_of(" \t<>,;\"") != std::string::npos || HasControlCharacters(value)) {
    return InvalidArgument("An e-mail address is written name@domain.");
  }
  return value;
}

std::string NormalisePassport(std::string_view passport) {
  std::string value;
  for (char c : passport) {
    if (c == ' ' || c == '-' || c == '\t') continue;
    value.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return value;
}

bool IsIsoDate(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (date[i] < '0' || date[i] > '9') return false;
  }
  const int year = std::stoi(std::string(date.substr(0, 4)));
  const unsigned month = static_cast<unsigned>(std::stoi(std::string(date.substr(5, 2))));
  const unsigned day = static_cast<unsigned>(std::stoi(std::string(date.substr(8, 2))));
  return year >= 1900 && year <= 2200 &&
         std::chrono::year_month_day(std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)).ok();
}

Status NormaliseAndValidate(Profile& profile) {
  CHANCERY_TRY(CheckText(profile.full_name, "/full_name", kMaxText));
  if (profile.full_name.empty())
    return InvalidArgument("A registration needs the person's name.").WithField("/full_name");
  CHANCERY_TRY(CheckDate(profile.date_of_birth, "/date_of_birth", false));
  profile.passport_number = NormalisePassport(profile.passport_number);
  if (profile.passport_number.size() > 20 || HasControlCharacters(profile.passport_number)) {
    return InvalidArgument("A passport number has at most 20 letters and digits.").WithField("/passport_number");
  }
  CHANCERY_TRY(CheckOptionalEmail(profile.email, "/email"));
  CHANCERY_TRY(CheckOptionalPhone(profile.phone, "/phone"));
  if (profile.email.empty() && profile.phone.empty()) {
    return InvalidArgument("A registration needs an e-mail address or a phone number to reach the person.")
        .WithField("/email");
  }
  CHANCERY_TRY(CheckCountry(profile.residence_country, "/residence_country", true));
  CHANCERY_TRY(CheckText(profile.city, "/city", kMaxText));
  CHANCERY_TRY(CheckText(profile.address, "/address", kMaxAddress));
  if (profile.location) {
    const GeoPoint& point = *profile.location;
    if (!std::isfinite(point.latitude) || !std::isfinite(point.longitude) || std::abs(point.latitude) > 90 ||
        std::abs(point.longitude) > 180) {
      return InvalidArgument("A map point has a latitude between -90 and 90 and a longitude between -180 and 180.")
          .WithField("/location");
    }
  }
  if (!IsSupportedLanguage(profile.language)) {
    return InvalidArgument("The preferred language is one of: vi, en.").WithField("/language");
  }
  if (profile.stays.size() > kMaxListItems || profile.household.size() > kMaxListItems ||
      profile.emergency_contacts.size() > kMaxListItems) {
    return InvalidArgument("At most 50 stays, household members and emergency contacts each.");
  }
  for (std::size_t i = 0; i < profile.stays.size(); ++i) {
    Stay& stay = profile.stays[i];
    CHANCERY_TRY(CheckCountry(stay.country, Item("stays", i, "country"), true));
    CHANCERY_TRY(CheckText(stay.city, Item("stays", i, "city"), kMaxText));
    CHANCERY_TRY(CheckDate(stay.from, Item("stays", i, "from"), true));
    CHANCERY_TRY(CheckDate(stay.to, Item("stays", i, "to"), false));
    if (!stay.to.empty() && stay.to < stay.from) {
      return InvalidArgument("A stay ends on or after the day it begins.").WithField(Item("stays", i, "to"));
    }
    CHANCERY_TRY(CheckText(stay.note, Item("stays", i, "note"), kMaxAddress));
  }
  for (std::size_t i = 0; i < profile.household.size(); ++i) {
    HouseholdMember& member = profile.household[i];
    CHANCERY_TRY(CheckText(member.full_name, Item("household", i, "full_name"), kMaxText));
    if (member.full_name.empty()) {
      return InvalidArgument("A household member needs a name.").WithField(Item("household", i, "full_name"));
    }
    CHANCERY_TRY(CheckText(member.relation, Item("household", i, "relation"), kMaxText));
    CHANCERY_TRY(CheckDate(member.date_of_birth, Item("household", i, "date_of_birth"), false));
    member.passport_number = NormalisePassport(member.passport_number);
    CHANCERY_TRY(CheckText(member.passport_number, Item("household", i, "passport_number"), 20));
  }
  for (std::size_t i = 0; i < profile.emergency_contacts.size(); ++i) {
    EmergencyContact& contact = profile.emergency_contacts[i];
    CHANCERY_TRY(CheckText(contact.full_name, Item("emergency_contacts", i, "full_name"), kMaxText));
    if (contact.full_name.empty()) {
      return InvalidArgument("An emergency contact needs a name.")
          .WithField(Item("emergency_contacts", i, "full_name"));
    }
    CHANCERY_TRY(CheckText(contact.relation, Item("emergency_contacts", i, "relation"), kMaxText));
    CHANCERY_TRY(CheckOptionalPhone(contact.phone, Item("emergency_contacts", i, "phone")));
    CHANCERY_TRY(CheckOptionalEmail(contact.email, Item("emergency_contacts", i, "email")));
    if (contact.phone.empty() && contact.email.empty()) {
      return InvalidArgument("An emergency contact needs a phone number or an e-mail address.")
          .WithField(Item("emergency_contacts", i, "phone"));
    }
  }
  return Status::Ok();
}

std::string NewReference() {
  // 31 symbols: no 0/O, 1/I/L, so that a reference read out on the phone is not misheard.
  static constexpr std::string_view kAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  const std::string random = crypto::RandomBytes(8);
  std::string reference = "CZ-";
  for (unsigned char byte : random) reference.push_back(kAlphabet[byte % kAlphabet.size()]);
  return reference;
}

const char* ChannelName(Channel channel) {
  switch (channel) {
    case Channel::kZalo: return "zalo";
    case Channel::kSms: return "sms";
    case Channel::kEmail: return "email";
    case Channel::kWebPush: return "web_push";
  }
  return "email";
}

std::optional<Channel> ParseChannel(std::string_view name) {
  for (Channel channel : kChannels) {
    if (name == ChannelName(channel)) return channel;
  }
  return std::nullopt;
}

bool IsSupportedLanguage(std::string_view language) {
  for (std::string_view candidate : kLanguages) {
    if (candidate == language) return true;
  }
  return false;
}

const char* OriginName(Origin origin) {
  switch (origin) {
    case Origin::kPortal: return "portal";
    case Origin::kStaff: return "staff";
    case Origin::kImport: return "import";
  }
  return "portal";
}

bool Citizen::Consented(Channel channel) const {
  for (const Consent& consent : consents) {
    if (consent.channel == channel) return consent.granted;
  }
  return false;
}

}  // namespace chancery::citizens
