// Citizens abroad: the registry of nationals who live or travel abroad, what they told us about themselves and how
// they agreed to be reached. This header is the module's public face: the values other modules (alerts, delivery,
// safety check) read, and the names of the channels.
//
// Contract: a registration belongs to the mission whose jurisdiction covers its residence country. Everything that
// identifies a person (name, date of birth, passport, contacts, city, address, map point, stays, household,
// emergency contacts, Zalo id, push subscription) is encrypted at rest; only the residence country, the preferred
// language and the consents are stored in clear, because selecting and counting recipients needs them. A channel is
// used only while its consent is granted. An erased registration keeps only its reference and the time of erasure
// (a tombstone).
//
// Thread-safety: plain values.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chancery::citizens {

// The channels a citizen may consent to, in the default order of the alert cascade.
enum class Channel { kZalo, kSms, kEmail, kWebPush };
inline constexpr std::array<Channel, 4> kChannels = {Channel::kZalo, Channel::kSms, Channel::kEmail, Channel::kWebPush};
const char* ChannelName(Channel channel);  // "zalo", "sms", "email", "web_push"
std::optional<Channel> ParseChannel(std::string_view name);

// The languages the portal and alerts are written in; more can be added without a schema change.
inline constexpr std::array<std::string_view, 2> kLanguages = {"vi", "en"};
bool IsSupportedLanguage(std::string_view language);

// How a registration can be reached now, as bits: a consent granted and an address to use it with. Zalo consent
// covers both a message to a linked follower and a ZNS template message to the phone number.
enum ReachBits : std::uint8_t {
  kReachZaloMessage = 1,
  kReachZaloTemplate = 2,
  kReachSms = 4,
  kReachEmail = 8,
  kReachWebPush = 16,
};

struct GeoPoint {
  double latitude = 0;
  double longitude = 0;
  bool operator==(const GeoPoint&) const = default;
};
// The text form a map point is encrypted in ("35.6894870,139.6917060"), and back.
std::string FormatPoint(const GeoPoint& point);
std::optional<GeoPoint> ParsePoint(const std::string& text);

struct Stay {
  std::string country;  // ISO 3166-1 alpha-2
  std::string city;
  std::string from;  // YYYY-MM-DD
  std::string to;    // YYYY-MM-DD, or empty while it lasts
  std::string note;
  bool operator==(const Stay&) const = default;
};

struct HouseholdMember {
  std::string full_name;
  std::string relation;  // free text: "spouse", "con"
  std::string date_of_birth;
  std::string passport_number;
  bool operator==(const HouseholdMember&) const = default;
};

struct EmergencyContact {
  std::string full_name;
  std::string relation;
  std::string phone;
  std::string email;
  bool operator==(const EmergencyContact&) const = default;
};

// What a citizen (or staff on their behalf) records. Empty strings mean "not given".
struct Profile {
  std::string full_name;
  std::string date_of_birth;  // YYYY-MM-DD
  std::string passport_number;
  std::string email;  // lower case
  std::string phone;  // E.164, "+84912345678"
  std::string residence_country;
  std::string city;
  std::string address;
  std::optional<GeoPoint> location;
  std::vector<Stay> stays;
  std::vector<HouseholdMember> household;
  std::vector<EmergencyContact> emergency_contacts;
  std::string language = "vi";
  bool operator==(const Profile&) const = default;
};

struct Consent {
  Channel channel = Channel::kEmail;
  bool granted = false;
  std::int64_t changed_at_ms = 0;
};

enum class Origin { kPortal, kStaff, kImport };
const char* OriginName(Origin origin);

struct Citizen {
  std::int64_t id = 0;
  std::string reference;  // shown to the citizen and staff, e.g. "CZ-7K3M9QXT"
  Origin origin = Origin::kPortal;
  Profile profile;
  std::vector<Consent> consents;  // one per channel that was ever asked
  bool zalo_linked = false;
  bool web_push_subscribed = false;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;

  bool Consented(Channel channel) const;
};

// One line of a staff list: what is needed to recognise a registration without reading all of it.
struct CitizenSummary {
  std::int64_t id = 0;
  std::string reference;
  std::string full_name;
  std::string residence_country;
  std::string city;
  std::string language;
  std::vector<Channel> channels;  // consented
  std::int64_t updated_at_ms = 0;
};

}  // namespace chancery::citizens
