-- Issue 21: use of each secret value (the current one and, during a grace period, the previous one), written in
-- batches by the token endpoint's nodes; a value is known by the SHA-256 the secrets table already holds for it
-- (never the value). hour_counts holds up to 24 comma-separated counts, newest first, the first for the epoch hour
-- hours_start. event_at: when the last live event for this value's use was sent (throttle across the cluster).
-- Rows of values that no longer work are ignored by reads and deleted by the gateway's hourly clean-up.
CREATE TABLE secret_usage (
    secret_id       VARCHAR(40)   NOT NULL,
    application_id  VARCHAR(40)   NOT NULL,
    value_hash      VARCHAR(64)   NOT NULL,
    last_used_at    BIGINT,
    last_used_from  VARCHAR(100),
    hours_start     BIGINT        NOT NULL,
    hour_counts     VARCHAR(400)  NOT NULL,
    event_at        BIGINT,
    CONSTRAINT secret_usage_pk PRIMARY KEY (secret_id, value_hash)
);

-- The current value's last use, where the secret's own last_used_at is known to be of that value.
INSERT INTO secret_usage (secret_id, application_id, value_hash, last_used_at, last_used_from, hours_start,
                          hour_counts, event_at)
SELECT id, application_id, secret_hash, last_used_at, NULL, 0, '', NULL FROM secrets
WHERE last_used_at IS NOT NULL AND (renewed_at IS NULL OR last_used_at >= renewed_at);

-- Grace periods the gateway ends early once the previous value has been quiet for quiet_ms (retire when quiet).
-- One row per secret while its grace runs; rows whose grace is over are deleted by the pass that reads them.
CREATE TABLE secret_retirement (
    secret_id       VARCHAR(40)   NOT NULL PRIMARY KEY,
    application_id  VARCHAR(40)   NOT NULL,
    quiet_ms        BIGINT        NOT NULL
);

-- An application's rotation policy: retire-when-quiet for every renew with a grace period that names none.
CREATE TABLE application_rotation (
    application_id  VARCHAR(40)   NOT NULL PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    retire_after_quiet_ms BIGINT
);
