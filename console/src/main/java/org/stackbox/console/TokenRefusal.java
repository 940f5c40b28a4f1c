package org.stackbox.console;

import org.stackbox.common.ErrorCode;

/** Why a console token does not open a console; each says so in words a person at the console page understands. */
public enum TokenRefusal {
    UNKNOWN(ErrorCode.UNAUTHORIZED, "The console token is not valid. Ask for a new console URL."),
    EXPIRED(ErrorCode.UNAUTHORIZED, "The console token expired. Ask for a new console URL (nova get-vnc-console)."),
    WRONG_SERVER(ErrorCode.FORBIDDEN, "The console token was issued for another server."),
    WRONG_TYPE(ErrorCode.FORBIDDEN, "The console token was issued for another kind of console."),
    SERVER_STOPPED(ErrorCode.CONFLICT, "The server is not running. Start it, then ask for a new console URL."),
    SERVER_DELETED(ErrorCode.NOT_FOUND, "The server was deleted.");

    private final ErrorCode errorCode;
    private final String message;

    TokenRefusal(ErrorCode errorCode, String message) {
        this.errorCode = errorCode;
        this.message = message;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public String message() {
        return message;
    }
}
