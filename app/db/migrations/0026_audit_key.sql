-- The audit chain keyed with a key outside the database (issue 13, ADR 0017): each new record's
-- hash is an HMAC-SHA-256 with the audit key (AUDIT_KEY, AUDIT_KEY_FILE or DATA_DIR/keys), so
-- whoever can write to the database but lacks the key can no longer rewrite the chain and
-- recompute its hashes. key_id names the key (a truncated hash of it), so that records keep
-- verifying after the key is rotated. Records from before this migration keep their plain
-- SHA-256 hash (key_id NULL).
ALTER TABLE audit_log ADD COLUMN key_id text CHECK (key_id ~ '^[0-9a-f]{16}$');

-- Where the chain switched from plain hashes to keyed ones: the last record before the switch
-- (none on a new database) and its hash, signed with the audit key by the migration step
-- `audit_key` (app/db/migration-steps.server.ts). Verification accepts plain hashes only up to
-- that record, so records cannot be rewritten as if from before the switch.
CREATE TABLE audit_chain_keyed (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  last_legacy_id bigint,
  last_legacy_hash text NOT NULL CHECK (last_legacy_hash ~ '^[0-9a-f]{64}$'),
  key_id text NOT NULL CHECK (key_id ~ '^[0-9a-f]{16}$'),
  mac text NOT NULL CHECK (mac ~ '^[0-9a-f]{64}$')
);
-- The application may read it (to verify the chain), never change it.
GRANT SELECT ON audit_chain_keyed TO herstel_app;
