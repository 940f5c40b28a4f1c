package org.stackbox.common;

/**
 * What kind of failure an error code is, in terms every layer shares. Only the API edge turns a kind into a status
 * and a fault body, and each service may answer one kind its own way (Nova and Cinder answer quotas differently).
 */
public enum ErrorKind {
    /** The request itself is wrong: a malformed or contradictory value. */
    INVALID,
    /** The caller did not prove who they are. */
    UNAUTHENTICATED,
    /** The caller is known but may not do this. */
    FORBIDDEN,
    /** What the request names does not exist (or is not visible to the caller). */
    NOT_FOUND,
    /** The resource's state does not allow it now, or another resource holds what it needs. */
    CONFLICT,
    /** A quota or a size limit refuses it. */
    OVER_LIMIT,
    /** The cloud cannot do it now (starting, or short of capacity). */
    UNAVAILABLE,
    /** The cloud does not do this at all. */
    UNSUPPORTED,
    /** Stackbox or a part it drives failed. */
    INTERNAL
}
