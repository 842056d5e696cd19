-- The expiry scheduler walks the expiring secrets in pages, keyset by (expires_at, id): this index serves each
-- page as one range of index entries. It replaces the index on expires_at alone, which it contains.
CREATE INDEX secrets_expires_id_ix ON secrets (expires_at, id);
DROP INDEX secrets_expires_at_ix;
