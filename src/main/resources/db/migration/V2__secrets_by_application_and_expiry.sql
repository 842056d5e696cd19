-- Lets the per-application secret count, next expiry and expired count (every Application response) and the
-- secret limit check use one index range instead of visiting each secret row.
CREATE INDEX secrets_app_expires_ix ON secrets (application_id, expires_at);
