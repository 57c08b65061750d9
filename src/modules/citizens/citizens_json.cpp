#include "modules/citizens/citizens_json.hpp"

#include <boost/json.hpp>

#include "core/clock.hpp"

namespace chancery::citizens {
namespace {

namespace json = boost::json;

Status ReadString(const json::object& object, std::string_view key, std::string& out, const std::string& pointer) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr) return Status::Ok();
  if (value->is_null()) {
    out.clear();
    return Status::Ok();
  }
  if (!value->is_string()) return InvalidArgument(std::string(key) + " is a string.").WithField(pointer);
  out = std::string(value->as_string());
  return Status::Ok();
}

// Reads an array of objects with string fields into `items` with `read(object, item, pointer)`.
template <typename Item, typename Read>
Status ReadList(const json::object& object, std::string_view key, std::vector<Item>& items, Read&& read) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr) return Status::Ok();
  if (!value->is_array()) return InvalidArgument(std::string(key) + " is a list.").WithField("/" + std::string(key));
  items.clear();
  std::size_t index = 0;
  for (const json::value& element : value->as_array()) {
    const std::string pointer = "/" + std::string(key) + "/" + std::to_string(index++);
    if (!element.is_object()) return InvalidArgument(std::string(key) + " holds objects.").WithField(pointer);
    Item item;
    CHANCERY_TRY(read(element.as_object(), item, pointer));
    items.push_back(std::move(item));
  }
  return Status::Ok();
}

}  // namespace

json::object ProfileToJson(const Profile& profile) {
  json::array stays;
  for (const Stay& stay : profile.stays) {
    stays.push_back(json::object{
        {"country", stay.country}, {"city", stay.city}, {"from", stay.from}, {"to", stay.to}, {"note", stay.note}});
  }
  json::array household;
  for (const HouseholdMember& member : profile.household) {
    household.push_back(json::object{{"full_name", member.full_name},
                                     {"relation", member.relation},
                                     {"date_of_birth", member.date_of_birth},
                                     {"passport_number", member.passport_number}});
  }
  json::array contacts;
  for (const EmergencyContact& contact : profile.emergency_contacts) {
    contacts.push_back(json::object{{"full_name", contact.full_name},
                                    {"relation", contact.relation},
                                    {"phone", contact.phone},
                                    {"email", contact.email}});
  }
  json::value location;
  if (profile.location) {
    location = json::object{{"latitude", profile.location->latitude}, {"longitude", profile.location->longitude}};
  }
  return json::object{{"full_name", profile.full_name},
                      {"date_of_birth", profile.date_of_birth},
                      {"passport_number", profile.passport_number},
                      {"email", profile.email},
                      {"phone", profile.phone},
                      {"residence_country", profile.residence_country},
                      {"city", profile.city},
                      {"address", profile.address},
                      {"location", location},
                      {"stays", std::move(stays)},
                      {"household", std::move(household)},
                      {"emergency_contacts", std::move(contacts)},
                      {"language", profile.language}};
}

json::object CitizenToJson(const Citizen& citizen) {
  json::object object = ProfileToJson(citizen.profile);
  object["id"] = citizen.id;
  object["reference"] = citizen.reference;
  object["origin"] = OriginName(citizen.origin);
  json::object consents;
  for (Channel channel : kChannels) {
    json::value changed;
    bool granted = false;
    for (const Consent& consent : citizen.consents) {
      if (consent.channel != channel) continue;
      granted = consent.granted;
      changed = FormatIsoTime(consent.changed_at_ms);
    }
    consents[ChannelName(channel)] = json::object{{"granted", granted}, {"changed_at", changed}};
  }
  object["consents"] = std::move(consents);
  object["zalo_linked"] = citizen.zalo_linked;
  object["web_push_subscribed"] = citizen.web_push_subscribed;
  object["created_at"] = FormatIsoTime(citizen.created_at_ms);
  object["updated_at"] = FormatIsoTime(citizen.updated_at_ms);
  return object;
}

json::object SummaryToJson(const CitizenSummary& summary) {
  json::array channels;
  for (Channel channel : summary.channels) channels.push_back(json::string(ChannelName(channel)));
  return json::object{{"id", summary.id},
                      {"reference", summary.reference},
                      {"full_name", summary.full_name},
                      {"residence_country", summary.residence_country},
                      {"city", summary.city},
                      {"language", summary.language},
                      {"channels", std::move(channels)},
                      {"updated_at", FormatIsoTime(summary.updated_at_ms)}};
}

Status ProfileFromJson(const json::object& object, Profile& profile) {
  for (const auto& [key, target] :
       std::initializer_list<std::pair<const char*, std::string*>>{{"full_name", &profile.full_name},
                                                                   {"date_of_birth", &profile.date_of_birth},
                                                                   {"passport_number", &profile.passport_number},
                                                                   {"email", &profile.email},
                                                                   {"phone", &profile.phone},
                                                                   {"residence_country", &profile.residence_country},
                                                                   {"city", &profile.city},
                                                                   {"address", &profile.address},
                                                                   {"language", &profile.language}}) {
    CHANCERY_TRY(ReadString(object, key, *target, std::string("/") + key));
  }
  if (const json::value* location = object.if_contains("location")) {
    if (location->is_null()) {
      profile.location.reset();
    } else {
      const json::object* point = location->if_object();
      const json::value* latitude = point ? point->if_contains("latitude") : nullptr;
      const json::value* longitude = point ? point->if_contains("longitude") : nullptr;
      if (latitude == nullptr || longitude == nullptr || !latitude->is_number() || !longitude->is_number()) {
        return InvalidArgument("location is {\"latitude\": number, \"longitude\": number} or null.")
            .WithField("/location");
      }
      profile.location = GeoPoint{latitude->to_number<double>(), longitude->to_number<double>()};
    }
  }
  CHANCERY_TRY(ReadList(object, "stays", profile.stays,
                        [](const json::object& item, Stay& stay, const std::string& pointer) -> Status {
                          CHANCERY_TRY(ReadString(item, "country", stay.country, pointer + "/country"));
                          CHANCERY_TRY(ReadString(item, "city", stay.city, pointer + "/city"));
                          CHANCERY_TRY(ReadString(item, "from", stay.from, pointer + "/from"));
                          CHANCERY_TRY(ReadString(item, "to", stay.to, pointer + "/to"));
                          return ReadString(item, "note", stay.note, pointer + "/note");
                        }));
  CHANCERY_TRY(
      ReadList(object, "household", profile.household,
               [](const json::object& item, HouseholdMember& member, const std::string& pointer) -> Status {
                 CHANCERY_TRY(ReadString(item, "full_name", member.full_name, pointer + "/full_name"));
                 CHANCERY_TRY(ReadString(item, "relation", member.relation, pointer + "/relation"));
                 CHANCERY_TRY(ReadString(item, "date_of_birth", member.date_of_birth, pointer + "/date_of_birth"));
                 return ReadString(item, "passport_number", member.passport_number, pointer + "/passport_number");
               }));
  return ReadList(object, "emergency_contacts", profile.emergency_contacts,
                  [](const json::object& item, EmergencyContact& contact, const std::string& pointer) -> Status {
                    CHANCERY_TRY(ReadString(item, "full_name", contact.full_name, pointer + "/full_name"));
                    CHANCERY_TRY(ReadString(item, "relation", contact.relation, pointer + "/relation"));
                    CHANCERY_TRY(ReadString(item, "phone", contact.phone, pointer + "/phone"));
                    return ReadString(item, "email", contact.email, pointer + "/email");
                  });
}

std::string DetailsToJson(const Profile& profile) {
  json::object all = ProfileToJson(profile);
  return json::serialize(json::object{{"stays", std::move(all["stays"])},
                                      {"household", std::move(all["household"])},
                                      {"emergency_contacts", std::move(all["emergency_contacts"])}});
}

Status DetailsFromJson(std::string_view text, Profile& profile) {
  boost::system::error_code error;
  json::value value = json::parse(text, error);
  if (error || !value.is_object()) return Internal("A registration's details are not a JSON object.");
  json::object details;
  for (const char* key : {"stays", "household", "emergency_contacts"}) {
    if (const json::value* list = value.as_object().if_contains(key)) details[key] = *list;
  }
  return ProfileFromJson(details, profile);
}

}  // namespace chancery::citizens
