-- The projects that may see and use a flavor that is not public (Nova's flavor access).
CREATE TABLE compute_flavor_access (
    flavor_id   VARCHAR(255) NOT NULL,
    project_id  VARCHAR(64)  NOT NULL,
    PRIMARY KEY (flavor_id, project_id)
);
