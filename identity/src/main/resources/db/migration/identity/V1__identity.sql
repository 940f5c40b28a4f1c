-- Keystone's resources: domains, projects, users, roles and who holds which role where; the service catalog;
-- and issued tokens (only a hash of each token is kept, so the table does not hold usable credentials).
CREATE TABLE domains (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(255) NOT NULL UNIQUE,
    description TEXT,
    enabled     BOOLEAN      NOT NULL
);

CREATE TABLE projects (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(255) NOT NULL,
    domain_id   VARCHAR(64)  NOT NULL REFERENCES domains (id),
    description TEXT,
    enabled     BOOLEAN      NOT NULL,
    UNIQUE (domain_id, name)
);

CREATE TABLE users (
    id                 VARCHAR(64)  PRIMARY KEY,
    name               VARCHAR(255) NOT NULL,
    domain_id          VARCHAR(64)  NOT NULL REFERENCES domains (id),
    password_hash      TEXT,
    enabled            BOOLEAN      NOT NULL,
    default_project_id VARCHAR(64),
    email              TEXT,
    description        TEXT,
    UNIQUE (domain_id, name)
);

CREATE TABLE roles (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(255) NOT NULL UNIQUE,
    description TEXT
);

-- target_type is 'project' or 'domain'
CREATE TABLE role_assignments (
    user_id     VARCHAR(64) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target_type VARCHAR(16) NOT NULL,
    target_id   VARCHAR(64) NOT NULL,
    role_id     VARCHAR(64) NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, target_type, target_id, role_id)
);

CREATE TABLE regions (
    id               VARCHAR(255) PRIMARY KEY,
    description      TEXT,
    parent_region_id VARCHAR(255)
);

CREATE TABLE services (
    id          VARCHAR(64)  PRIMARY KEY,
    type        VARCHAR(255) NOT NULL,
    name        VARCHAR(255),
    description TEXT,
    enabled     BOOLEAN      NOT NULL
);

CREATE TABLE endpoints (
    id         VARCHAR(64)  PRIMARY KEY,
    service_id VARCHAR(64)  NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    interface  VARCHAR(16)  NOT NULL,
    region_id  VARCHAR(255),
    url        TEXT         NOT NULL,
    enabled    BOOLEAN      NOT NULL
);

CREATE TABLE tokens (
    token_hash VARCHAR(64)  PRIMARY KEY,
    user_id    VARCHAR(64)  NOT NULL,
    project_id VARCHAR(64),
    domain_id  VARCHAR(64),
    methods    VARCHAR(255) NOT NULL,
    audit_id   VARCHAR(64)  NOT NULL,
    issued_at  BIGINT       NOT NULL,
    expires_at BIGINT       NOT NULL,
    revoked    BOOLEAN      NOT NULL
);

CREATE INDEX tokens_by_user ON tokens (user_id);
CREATE INDEX tokens_by_expiry ON tokens (expires_at);
