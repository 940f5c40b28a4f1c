package org.stackbox.virt;

import java.util.List;

/** Finding the domains again after the calling process restarted. */
public interface DomainRecovery {
    /**
     * Every defined domain with its real state: domains whose process still runs are {@code RUNNING} (or paused,
     * crashed) and manageable again; domains whose process died are {@code SHUT_OFF}, their stale pid files and
     * sockets removed.
     */
    List<DomainStatus> reconcile();
}
