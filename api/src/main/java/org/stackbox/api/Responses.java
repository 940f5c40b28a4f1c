package org.stackbox.api;

import io.javalin.http.Context;
import org.stackbox.common.Json;

/** Writing JSON responses the same way everywhere. */
public final class Responses {
    private Responses() {}

    public static void json(Context context, int status, Object body) {
        context.status(status).contentType("application/json").result(Json.writeBytes(body));
    }

    public static void ok(Context context, Object body) {
        json(context, 200, body);
    }

    public static void created(Context context, Object body) {
        json(context, 201, body);
    }

    public static void noContent(Context context) {
        context.status(204);
    }
}
