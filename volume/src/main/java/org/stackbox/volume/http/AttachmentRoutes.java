package org.stackbox.volume.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.stackbox.common.auth.Caller;
import org.stackbox.api.Microversion;
import org.stackbox.api.MicroversionNegotiator;
import org.stackbox.api.Responses;
import org.stackbox.api.ServiceRoutes;
import org.stackbox.api.ApiException;
import org.stackbox.api.SchemaMessages;
import org.stackbox.common.Json;
import org.stackbox.common.JsonFields;
import org.stackbox.volume.VolumeAttachments;
import org.stackbox.volume.model.Attachment;

import java.util.Map;

import static org.stackbox.volume.http.RequestFields.optionalString;

/** {@code /v3/{project}/attachments} (microversion 3.27 and later): how a server claims and releases a volume. */
final class AttachmentRoutes {
    private static final String BASE = "/v3/{project}/attachments";

    private final VolumeAttachments attachments;
    private final VolumeViews views;
    private final MicroversionNegotiator versions;

    AttachmentRoutes(VolumeAttachments attachments, VolumeViews views, MicroversionNegotiator versions) {
        this.attachments = attachments;
        this.views = views;
        this.versions = versions;
    }

    void register(ServiceRoutes routes) {
        routes.get(BASE, "stackbox:volume:attachment_get_all", this::list);
        routes.get(BASE + "/detail", "stackbox:volume:attachment_get_all", this::list);
        routes.post(BASE, "volume:attachment_create", (context, caller) -> {
            requireVersion(context, caller);
            ObjectNode attachment = JsonFields.requireObject(Json.parseObject(context.bodyAsBytes()), "attachment");
            String volumeId = optionalString(attachment, "volume_uuid")
                    .orElseThrow(() -> SchemaMessages.invalid("attachment", attachment, SchemaMessages.required("volume_uuid")));
            String serverId = optionalString(attachment, "instance_uuid")
                    .orElseThrow(() -> SchemaMessages.invalid("attachment", attachment, SchemaMessages.required("instance_uuid")));
            Attachment reserved = attachments.reserve(caller, volumeId, serverId, optionalString(attachment, "mode").orElse(null));
            Responses.ok(context, Map.of("attachment", views.attachment(reserved)));
        });
        routes.get(BASE + "/{id}", "stackbox:volume:attachment_get", (context, caller) -> {
            requireVersion(context, caller);
            Responses.ok(context, Map.of("attachment", views.attachment(attachments.find(caller, context.pathParam("id")))));
        });
        routes.put(BASE + "/{id}", "volume:attachment_update", (context, caller) -> {
            requireVersion(context, caller);
            ObjectNode attachment = JsonFields.requireObject(Json.parseObject(context.bodyAsBytes()), "attachment");
            JsonNode connector = attachment.get("connector");
            String device = connector == null ? null : optionalString(connector, "mountpoint").orElse(null);
            String host = connector == null ? null : optionalString(connector, "host").orElse(null);
            Responses.ok(context, Map.of("attachment", views.attachment(
                    attachments.complete(caller, context.pathParam("id"), device, host))));
        });
        routes.post(BASE + "/{id}/action", "volume:attachment_complete", (context, caller) -> {
            requireVersion(context, caller);
            ObjectNode body = Json.parseObject(context.bodyAsBytes());
            if (!body.has("os-complete")) {
                throw ApiException.badRequest("Invalid action for an attachment: only os-complete is supported.");
            }
            Attachment attachment = attachments.find(caller, context.pathParam("id"));
            attachments.complete(caller, attachment.id(), attachment.device(), attachment.hostName());
            context.status(204);
        });
        routes.delete(BASE + "/{id}", "volume:attachment_delete", (context, caller) -> {
            requireVersion(context, caller);
            attachments.delete(caller, context.pathParam("id"));
            Responses.ok(context, Map.of("attachments", java.util.List.of()));
        });
    }

    private void list(Context context, Caller caller) {
        requireVersion(context, caller);
        Responses.ok(context, Map.of("attachments", attachments.list(caller).stream().map(views::attachment).toList()));
    }

    private void requireVersion(Context context, Caller caller) {
        VolumeApi.requireOwnProject(context, caller);
        Microversion version = versions.negotiate(context);
        if (!version.atLeast(3, 27)) {
            throw ApiException.notFound("The attachments API needs microversion 3.27 or later; this request asked for %s.", version);
        }
    }
}
