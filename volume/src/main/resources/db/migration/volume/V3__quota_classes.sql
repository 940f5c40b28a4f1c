-- Limits of a quota class (os-quota-class-sets), where an administrator set them; the "default" class's are the
-- defaults of every project without its own, over Cinder's built-in defaults.
CREATE TABLE volume_quota_classes (
    class_name  VARCHAR(255) NOT NULL,
    resource    VARCHAR(255) NOT NULL,
    hard_limit  BIGINT       NOT NULL,
    PRIMARY KEY (class_name, resource)
);
