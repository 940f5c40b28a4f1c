package org.stackbox.identity;

import org.stackbox.identity.model.Domain;
import org.stackbox.identity.model.Project;
import org.stackbox.identity.model.Role;
import org.stackbox.identity.model.Token;
import org.stackbox.identity.model.User;

import java.util.List;

/**
 * A token with everything its body shows: the user and their domain, the scope, the roles held there.
 * {@code secret} is the token itself and is present only when the token was just issued.
 */
public record IssuedToken(
        String secret,
        Token token,
        User user,
        Domain userDomain,
        Project project,
        Domain projectDomain,
        Domain scopeDomain,
        List<Role> roles) {

    public IssuedToken {
        roles = List.copyOf(roles);
    }

    public boolean isScoped() {
        return project != null || scopeDomain != null;
    }
}
