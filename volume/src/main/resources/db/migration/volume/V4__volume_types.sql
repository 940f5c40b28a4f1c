-- Cinder's volume types: a name volumes are created with, its extra specs, and for a private type the projects that
-- may use it. "__DEFAULT__" is seeded with the id Stackbox always gave it, and volumes now record their type's id
-- (as Cinder's volume_type_id), so that a renamed type stays the type of its volumes.
CREATE TABLE volume_types (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(255) NOT NULL UNIQUE,
    description VARCHAR(255),
    is_public   BOOLEAN      NOT NULL,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL
);

CREATE TABLE volume_type_extra_specs (
    volume_type_id VARCHAR(64)  NOT NULL,
    spec_key       VARCHAR(255) NOT NULL,
    spec_value     VARCHAR(255),
    PRIMARY KEY (volume_type_id, spec_key)
);

CREATE TABLE volume_type_projects (
    volume_type_id VARCHAR(64) NOT NULL,
    project_id     VARCHAR(255) NOT NULL,
    PRIMARY KEY (volume_type_id, project_id)
);

INSERT INTO volume_types (id, name, description, is_public, created_at, updated_at)
VALUES ('f0e2d8c6-7a0c-4b39-9d1e-5d8b1c7e0a01', '__DEFAULT__', 'Default Volume Type', TRUE, 0, 0);

UPDATE volumes SET volume_type = 'f0e2d8c6-7a0c-4b39-9d1e-5d8b1c7e0a01' WHERE volume_type = '__DEFAULT__';

CREATE INDEX volumes_by_type ON volumes (volume_type);

-- Cinder's QoS specs (stored and shown only: Stackbox's one back end does not enforce them), and the one a type
-- is associated with.
CREATE TABLE volume_qos_specs (
    id         VARCHAR(64)  PRIMARY KEY,
    name       VARCHAR(255) NOT NULL UNIQUE,
    consumer   VARCHAR(16)  NOT NULL,
    specs      TEXT         NOT NULL,
    created_at BIGINT       NOT NULL,
    updated_at BIGINT       NOT NULL
);

ALTER TABLE volume_types ADD COLUMN qos_specs_id VARCHAR(64);
