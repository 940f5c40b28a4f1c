-- The limits an administrator set for a quota class (os-quota-class-sets): the "default" class's replace Nova's
-- defaults for every project without limits of its own; a resource without a row keeps Nova's default.
CREATE TABLE compute_quota_classes (
    class_name  VARCHAR(255) NOT NULL,
    resource    VARCHAR(64)  NOT NULL,
    hard_limit  BIGINT       NOT NULL,
    PRIMARY KEY (class_name, resource)
);
