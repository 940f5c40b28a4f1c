-- A project's own compute quota limits, where an administrator set them (os-quota-sets); a resource without a row
-- has Nova's default limit.
CREATE TABLE compute_quotas (
    project_id  VARCHAR(64)  NOT NULL,
    resource    VARCHAR(64)  NOT NULL,
    hard_limit  BIGINT       NOT NULL,
    PRIMARY KEY (project_id, resource)
);
