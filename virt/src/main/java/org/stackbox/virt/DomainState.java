package org.stackbox.virt;

/** What a defined domain is doing, as the compute service maps it to a server's power state. */
public enum DomainState {
    RUNNING,
    /** Stopped inside a live process (paused, or not yet started). */
    PAUSED,
    /** No process: never started, powered off, or its process died. */
    SHUT_OFF,
    /**
     * No process, but the guest's whole state is saved on disk ({@link ManagedSave}): starting the domain resumes the
     * guest where it was instead of booting it.
     */
    SAVED,
    /** The process lives but the guest cannot run on (emulation failure, guest panic). */
    CRASHED;

    /** Whether a process of the domain lives (its disks are open in it); not when shut off or saved. */
    public boolean hasProcess() {
        return this != SHUT_OFF && this != SAVED;
    }
}
