package org.stackbox.compute.model;

import org.stackbox.virt.DomainState;

/** Nova's {@code OS-EXT-STS:power_state} numbers. */
public enum PowerState {
    NOSTATE(0), RUNNING(1), PAUSED(3), SHUTDOWN(4), CRASHED(6);

    private final int code;

    PowerState(int code) {
        this.code = code;
    }

    public int code() { return code; }

    public static PowerState fromCode(int code) {
        for (PowerState state : values()) {
            if (state.code == code) {
                return state;
            }
        }
        return NOSTATE;
    }

    public static PowerState of(DomainState state) {
        return switch (state) {
            case RUNNING -> RUNNING;
            case PAUSED -> PAUSED;
            case SHUT_OFF, SAVED -> SHUTDOWN;
            case CRASHED -> CRASHED;
        };
    }
}
