package org.stackbox.identity;

import org.stackbox.common.ServiceException;

/**
 * How a request names a user, project or domain: by id, or by name (users and projects within a domain that
 * is itself named by id or name), as Keystone's auth requests do.
 */
public record Reference(String id, String name, Reference domain) {
    public Reference {
        if (id == null && name == null) {
            throw ServiceException.invalid("Expecting to find id or name in the reference.");
        }
    }

    public static Reference byId(String id) {
        return new Reference(id, null, null);
    }

    public static Reference byName(String name, Reference domain) {
        return new Reference(null, name, domain);
    }
}
