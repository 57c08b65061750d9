// CablesService: what leaves a cable as files, for whoever may see it: its attachments and its plain-text export.
#include <map>

#include "modules/cables/cables_service.hpp"

namespace chancery::cables {

using storage::Transaction;

Result<CableExport> CablesService::Export(std::int64_t cable_id, const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Cables are handled by signed-in users only.");
  CableExport exported;
  CHANCERY_TRY(database_.Write("cables.export", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Cable cable, LoadVisible(transaction, cable_id, *context.actor));
    std::map<std::int64_t, std::string> lists;
    for (const Addressee& addressee : cable.addressees) {
      for (std::int64_t list_id : {addressee.list_id, addressee.via_list_id}) {
        if (list_id == 0 || lists.contains(list_id)) continue;
        CHANCERY_ASSIGN_OR_RETURN(lists[list_id], lists_store_.NameOf(transaction, list_id));
      }
    }
    std::map<std::int64_t, std::string> references;
    for (std::int64_t id : cable.references) {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<Cable> referenced, store_.Find(transaction, id));
      references[id] =
          referenced && !referenced->reference.empty() ? referenced->reference : "cable " + std::to_string(id);
    }
    const ExportNames names{
        .unit = [&](std::int64_t id) { return tree_->CodeOf(id).value_or("unit " + std::to_string(id)); },
        .user =
            [&](std::int64_t id) {
              Result<std::optional<identity::UserRecord>> user = identity_.FindUser(id);
              if (!user.ok() || !*user) return "user " + std::to_string(id);
              return (*user)->display_name + " (" + (*user)->username + ")";
            },
        .list = [&](std::int64_t id) { return lists[id]; },
        .cable = [&](std::int64_t id) { return references[id]; }};
    const Principal& actor = *context.actor;
    exported.text =
        CableAsText(cable, names, clock_.NowMs(),
                    (actor.display_name.empty() ? actor.username : actor.display_name) + " (" + actor.username + ")");
    exported.filename = (cable.reference.empty() ? "draft-" + std::to_string(cable.id) : cable.reference) + ".txt";
    return audit_.Append(transaction, Event(context, "cable.exported", cable));
  }));
  return exported;
}

Result<attachments::AttachmentContent> CablesService::ReadAttachment(std::int64_t cable_id, std::int64_t attachment_id,
                                                                     const identity::ActionContext& context) {
  if (context.actor == nullptr) return PermissionDenied("Cables are handled by signed-in users only.");
  std::optional<attachments::AttachmentContent> content;
  CHANCERY_TRY(database_.Write("cables.read_attachment", [&](Transaction& transaction) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(Cable cable, LoadVisible(transaction, cable_id, *context.actor));
    CHANCERY_ASSIGN_OR_RETURN(content,
                              attachments_.Open(transaction, attachment_id, attachments::OwnerKind::kCable, cable_id));
    audit::AuditEvent event = Event(context, "cable.attachment_read", cable);
    event.detail_json = "{\"attachment_id\":" + std::to_string(attachment_id) + "}";
    return audit_.Append(transaction, event);
  }));
  return std::move(*content);
}

}  // namespace chancery::cables
