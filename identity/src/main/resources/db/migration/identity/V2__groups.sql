-- Keystone's groups: users belong to groups, and a role granted to a group on a project or domain is held by each
-- of its members there for as long as they belong to it.
CREATE TABLE groups (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(255) NOT NULL,
    domain_id   VARCHAR(64)  NOT NULL REFERENCES domains (id),
    description TEXT,
    UNIQUE (domain_id, name)
);

CREATE TABLE group_members (
    group_id VARCHAR(64) NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id  VARCHAR(64) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);

-- target_type is 'project' or 'domain', as in role_assignments
CREATE TABLE group_role_assignments (
    group_id    VARCHAR(64) NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    target_type VARCHAR(16) NOT NULL,
    target_id   VARCHAR(64) NOT NULL,
    role_id     VARCHAR(64) NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, target_type, target_id, role_id)
);
