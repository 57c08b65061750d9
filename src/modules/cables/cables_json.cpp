#include "modules/cables/cables_json.hpp"

#include <boost/json.hpp>

#include <set>

#include "core/clock.hpp"
#include "modules/attachments/attachments_api.hpp"
#include "modules/cables/cables_rules.hpp"
#include "net/json.hpp"

namespace chancery::cables {
namespace {

namespace json = boost::json;

json::value Time(const std::optional<std::int64_t>& at_ms) {
  if (!at_ms) return nullptr;
  return json::value(FormatIsoTime(*at_ms));
}

template <typename Enum>
Result<std::optional<Enum>> OptionalEnum(const json::object& body, std::string_view key,
                                         std::optional<Enum> (*parse)(std::string_view), const char* allowed) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> text, net::OptionalString(body, key, 40));
  if (!text) return std::optional<Enum>();
  std::optional<Enum> value = parse(*text);
  if (!value) {
    return InvalidArgument("'" + *text + "' is not one of " + allowed + ".").WithField("/" + std::string(key));
  }
  return value;
}

Result<Addressee> ParseAddressee(const json::value& value, const std::string& field) {
  if (!value.is_object()) return InvalidArgument("An addressee is an object.").WithField(field);
  const json::object& object = value.as_object();
  for (const auto& entry : object) {
    static const std::set<std::string_view> kKeys = {"role", "unit_id", "user_id", "collective", "list_id", "niact"};
    if (!kKeys.contains(entry.key())) {
      return InvalidArgument("Unknown addressee field '" + std::string(entry.key()) + "'.")
          .WithField(field + "/" + std::string(entry.key()));
    }
  }
  Addressee addressee;
  Result<std::optional<AddresseeRole>> role = OptionalEnum(object, "role", &ParseAddresseeRole, "action, info");
  if (!role.ok()) return Status(role.status()).WithField(field + "/role");
  addressee.role = role->value_or(AddresseeRole::kAction);
  int targets = 0;
  if (auto unit = net::OptionalInt(object, "unit_id"); unit.ok() && *unit) {
    addressee.kind = AddresseeKind::kUnit;
    addressee.unit_id = **unit;
    ++targets;
  } else if (!unit.ok()) {
    return Status(unit.status()).WithField(field + "/unit_id");
  }
  if (auto user = net::OptionalInt(object, "user_id"); user.ok() && *user) {
    addressee.kind = AddresseeKind::kUser;
    addressee.user_id = **user;
    ++targets;
  } else if (!user.ok()) {
    return Status(user.status()).WithField(field + "/user_id");
  }
  if (auto collective = net::OptionalString(object, "collective", 60); collective.ok() && *collective) {
    addressee.kind = AddresseeKind::kCollective;
    addressee.collective = **collective;
    ++targets;
  } else if (!collective.ok()) {
    return Status(collective.status()).WithField(field + "/collective");
  }
  if (auto list = net::OptionalInt(object, "list_id"); list.ok() && *list) {
    addressee.kind = AddresseeKind::kList;
    addressee.list_id = **list;
    ++targets;
  } else if (!list.ok()) {
    return Status(list.status()).WithField(field + "/list_id");
  }
  if (targets != 1) {
    return InvalidArgument("An addressee names exactly one of unit_id, user_id, collective or list_id.")
        .WithField(field);
  }
  auto niact = net::OptionalBool(object, "niact");
  if (!niact.ok()) return Status(niact.status()).WithField(field + "/niact");
  addressee.niact = niact->value_or(false);
  return addressee;
}

}  // namespace

Result<CableDraft> ParseCableDraft(const json::object& body) {
  static const std::set<std::string_view> kKeys = {"originating_unit_id", "subject",        "body",       "tags",
                                                   "precedence",          "classification", "captions",   "addressees",
                                                   "references",          "version",        "attachments"};
  for (const auto& entry : body) {
    if (!kKeys.contains(entry.key())) {
      return InvalidArgument("Unknown field '" + std::string(entry.key()) + "'.")
          .WithField("/" + std::string(entry.key()));
    }
  }
  CableDraft draft;
  CHANCERY_ASSIGN_OR_RETURN(draft.originating_unit_id, net::OptionalInt(body, "originating_unit_id"));
  CHANCERY_ASSIGN_OR_RETURN(draft.subject, net::OptionalString(body, "subject", kMaxSubjectLength));
  if (const json::value* text = body.if_contains("body")) {
    if (!text->is_string()) return InvalidArgument("body must be a string.").WithField("/body");
    draft.body = std::string(text->as_string());
  }
  if (body.contains("tags")) {
    CHANCERY_ASSIGN_OR_RETURN(draft.tags, net::OptionalStringArray(body, "tags", kMaxTags, kMaxTagLength));
  }
  CHANCERY_ASSIGN_OR_RETURN(draft.precedence,
                            OptionalEnum(body, "precedence", &ParsePrecedence, "flash, immediate, priority, routine"));
  CHANCERY_ASSIGN_OR_RETURN(draft.classification, OptionalEnum(body, "classification", &ParseClassification,
                                                               "unclassified, restricted, confidential, secret"));
  if (body.contains("captions")) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<std::string> names, net::OptionalStringArray(body, "captions", 4, 20));
    std::vector<Caption> captions;
    for (std::size_t i = 0; i < names.size(); ++i) {
      std::optional<Caption> caption = ParseCaption(names[i]);
      if (!caption) {
        return InvalidArgument("'" + names[i] + "' is not a caption (nodis, exdis).")
            .WithField("/captions/" + std::to_string(i));
      }
      captions.push_back(*caption);
    }
    draft.captions = std::move(captions);
  }
  if (const json::value* list = body.if_contains("addressees")) {
    if (!list->is_array()) return InvalidArgument("addressees must be an array.").WithField("/addressees");
    if (list->as_array().size() > kMaxAddressees) {
      return InvalidArgument("A cable has at most 200 addressees; use a collective.").WithField("/addressees");
    }
    std::vector<Addressee> addressees;
    for (std::size_t i = 0; i < list->as_array().size(); ++i) {
      CHANCERY_ASSIGN_OR_RETURN(Addressee addressee,
                                ParseAddressee(list->as_array()[i], "/addressees/" + std::to_string(i)));
      addressees.push_back(std::move(addressee));
    }
    draft.addressees = std::move(addressees);
  }
  CHANCERY_ASSIGN_OR_RETURN(draft.references, net::OptionalIdArray(body, "references", kMaxReferences));
  CHANCERY_ASSIGN_OR_RETURN(draft.attachments, net::OptionalIdArray(body, "attachments", attachments::kMaxPerOwner));
  return draft;
}

json::object CableToJson(const Cable& cable, CableView view, const UserDescriber& describe_user) {
  json::object out;
  out["id"] = cable.id;
  out["reference"] = cable.reference.empty() ? json::value(nullptr) : json::value(cable.reference);
  out["state"] = CableStateName(cable.state);
  out["precedence"] = PrecedenceName(cable.precedence);
  out["classification"] = ClassificationName(cable.classification);
  json::array captions;
  for (Caption caption : cable.captions) captions.push_back(json::string(CaptionName(caption)));
  out["captions"] = std::move(captions);
  out["originating_unit_id"] = cable.originating_unit_id;
  out["drafter"] = describe_user(cable.drafter_user_id);
  out["version"] = cable.version;
  out["created_at"] = FormatIsoTime(cable.created_at_ms);
  out["updated_at"] = FormatIsoTime(cable.updated_at_ms);
  out["submitted_at"] = Time(cable.submitted_at_ms);
  out["released_at"] = Time(cable.released_at_ms);
  out["released_by"] = cable.released_by ? describe_user(cable.released_by) : json::value(nullptr);
  if (view != CableView::kTracking) {
    out["subject"] = cable.subject;
    json::array tags;
    for (const std::string& tag : cable.tags) tags.push_back(json::string(tag));
    out["tags"] = std::move(tags);
  }
  if (view == CableView::kFull) {
    out["body"] = cable.body;
    json::array references;
    for (std::int64_t id : cable.references) references.push_back(id);
    out["references"] = std::move(references);
    out["attachments"] = attachments::AttachmentsToJson(cable.attachments);
  }
  if (view != CableView::kTracking) {
    json::array addressees;
    for (const Addressee& addressee : cable.addressees) {
      json::object item{{"role", AddresseeRoleName(addressee.role)}, {"niact", addressee.niact}};
      if (addressee.kind == AddresseeKind::kUnit) item["unit_id"] = addressee.unit_id;
      if (addressee.kind == AddresseeKind::kUser) item["user"] = describe_user(addressee.user_id);
      if (addressee.kind == AddresseeKind::kCollective) item["collective"] = addressee.collective;
      if (addressee.kind == AddresseeKind::kList) item["list_id"] = addressee.list_id;
      if (addressee.via_list_id != 0) item["via_list_id"] = addressee.via_list_id;
      addressees.push_back(std::move(item));
    }
    out["addressees"] = std::move(addressees);
  }
  json::array clearers;
  for (const Clearer& clearer : cable.clearers) {
    json::object item{{"user", describe_user(clearer.user_id)},
                      {"decision", ClearanceDecisionName(clearer.decision)},
                      {"hq", clearer.hq},
                      {"requested_at", FormatIsoTime(clearer.requested_at_ms)},
                      {"decided_at", Time(clearer.decided_at_ms)}};
    if (view == CableView::kFull) item["comment"] = clearer.comment;
    clearers.push_back(std::move(item));
  }
  out["clearance"] = json::object{{"rule", ClearanceRuleName(cable.clearance_rule)}, {"clearers", std::move(clearers)}};
  if (view != CableView::kSummary) {
    json::array recipients;
    for (const Recipient& recipient : cable.recipients) {
      recipients.push_back(json::object{
          {"unit_id", recipient.unit_id},
          {"role", AddresseeRoleName(recipient.role)},
          {"niact", recipient.niact},
          {"received_at", Time(recipient.received_at_ms)},
          {"received_by", recipient.received_by ? describe_user(recipient.received_by) : json::value(nullptr)},
          {"acknowledged_at", Time(recipient.acknowledged_at_ms)},
          {"acknowledged_by",
           recipient.acknowledged_by ? describe_user(recipient.acknowledged_by) : json::value(nullptr)},
          {"deadline_at", Time(recipient.deadline_at_ms)},
          {"escalation_level", recipient.escalation_level},
          {"escalated_at", Time(recipient.escalated_at_ms)}});
    }
    out["recipients"] = std::move(recipients);
  }
  return out;
}

}  // namespace chancery::cables
