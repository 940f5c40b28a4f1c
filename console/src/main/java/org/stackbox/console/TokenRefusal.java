package org.stackbox.console;

import org.stackbox.common.ErrorCode;
import org.stackbox.common.ErrorKind;

/** Why a console token does not open a console; each says so in words a person at the console page understands. */
public enum TokenRefusal implements ErrorCode {
    UNKNOWN(ErrorKind.UNAUTHENTICATED, "The console token is not valid. Ask for a new console URL."),
    EXPIRED(ErrorKind.UNAUTHENTICATED, "The console token expired. Ask for a new console URL (nova get-vnc-console)."),
    WRONG_SERVER(ErrorKind.FORBIDDEN, "The console token was issued for another server."),
    WRONG_TYPE(ErrorKind.FORBIDDEN, "The console token was issued for another kind of console."),
    SERVER_STOPPED(ErrorKind.CONFLICT, "The server is not running. Start it, then ask for a new console URL."),
    SERVER_DELETED(ErrorKind.NOT_FOUND, "The server was deleted.");

    private final ErrorKind kind;
    private final String message;

    TokenRefusal(ErrorKind kind, String message) {
        this.kind = kind;
        this.message = message;
    }

    @Override
    public ErrorKind kind() {
        return kind;
    }

    public String message() {
        return message;
    }
}
