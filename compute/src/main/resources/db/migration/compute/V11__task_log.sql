-- Nova's task_log: one row per periodic task, host and period (the instance usage audit: RUNNING while it runs, DONE
-- with its errors and message after). The unique key is what keeps a period from being audited twice on a host, by a
-- restart or by two processes. Times are epoch milliseconds, as elsewhere in compute.
CREATE TABLE compute_task_log (
    task_name         VARCHAR(255)  NOT NULL,
    host              VARCHAR(255)  NOT NULL,
    period_beginning  BIGINT        NOT NULL,
    period_ending     BIGINT        NOT NULL,
    state             VARCHAR(255)  NOT NULL,
    task_items        INTEGER       NOT NULL,
    errors            INTEGER       NOT NULL,
    message           VARCHAR(255)  NOT NULL,
    created_at        BIGINT        NOT NULL,
    updated_at        BIGINT,
    PRIMARY KEY (task_name, host, period_beginning, period_ending)
);
