-- The audit log (SECURITY.md items 19–21): one record per read or write of case data and per
-- authentication decision, written in the same transaction as the action by
-- app/features/audit/audit.commands.server.ts. It says who did what to which object, with
-- which result, from where and when; never the content.
--
-- Tamper evidence: each record carries the hash of the record before it (prev_hash) and its
-- own hash over all its fields including id and prev_hash (app/features/audit/audit.rules.ts),
-- so a changed record no longer matches its hash and a removed record breaks the link of the
-- next one. audit_chain_head names the last record, so a removed tail is noticed as well.
-- `npm run audit:verify` checks all of it.
CREATE TABLE audit_log (
  -- Taken from the identity sequence by recordAudit before the insert, because the hash
  -- covers the id (hence OVERRIDING SYSTEM VALUE there). Rolled-back transactions leave gaps;
  -- the chain is followed through prev_hash, not through consecutive ids.
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at timestamptz NOT NULL,
  -- A staff user id; no foreign key, because the record must outlive the account.
  actor_id bigint,
  -- Only codes such as 'system' or 'anonymous', never a name or an address.
  actor_label text CHECK (actor_label ~ '^[a-z0-9][a-z0-9_.:-]{0,63}$'),
  action text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$' AND length(action) <= 100),
  object_type text CHECK (object_type ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$' AND length(object_type) <= 100),
  object_id text CHECK (length(object_id) BETWEEN 1 AND 200),
  result text NOT NULL CHECK (result IN ('allowed', 'denied')),
  -- The client address as the server saw it; needed to account for each access.
  origin text CHECK (length(origin) <= 255),
  -- A short code such as 'wrong_password' or 'break_glass', never free text.
  reason text CHECK (reason ~ '^[a-z][a-z0-9_]{0,63}$'),
  prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$'),
  CHECK (object_id IS NULL OR object_type IS NOT NULL)
);

-- "Who looked at this file" (SECURITY.md item 21) and "what did this person do".
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id, occurred_at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, occurred_at);

-- Where the chain ends. recordAudit locks this single row (SELECT … FOR UPDATE) before it
-- appends, which serialises all writers so that the chain can never fork.
CREATE TABLE audit_chain_head (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  last_id bigint,
  last_hash text NOT NULL
);
-- The genesis hash is sha256('herstel-audit-genesis') in hex: the prev_hash of the first record.
INSERT INTO audit_chain_head (id, last_id, last_hash)
VALUES (true, NULL, encode(sha256(convert_to('herstel-audit-genesis', 'UTF8')), 'hex'));

-- Append-only for the application. A statement trigger refuses every UPDATE and DELETE (even
-- one that matches no row, so that such code fails the first time it runs) and TRUNCATE.
-- The table owner can still disable triggers; a non-owner application role cannot.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- The head must stay updatable for recordAudit, but only forward: onto a newer record that
-- links to the previous head. So the head cannot be rewound to hide removed records, nor
-- moved onto a record that forks the chain. It cannot be deleted or truncated.
CREATE FUNCTION audit_chain_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'audit_chain_head cannot be removed' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.last_id IS NULL
    OR (OLD.last_id IS NOT NULL AND NEW.last_id <= OLD.last_id)
    OR NOT EXISTS (
      SELECT 1 FROM audit_log
      WHERE id = NEW.last_id AND hash = NEW.last_hash AND prev_hash = OLD.last_hash
    )
  THEN
    RAISE EXCEPTION 'audit_chain_head may only advance to the record appended after it'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER audit_chain_head_forward_only
  BEFORE UPDATE OR DELETE ON audit_chain_head
  FOR EACH ROW EXECUTE FUNCTION audit_chain_head_guard();

CREATE TRIGGER audit_chain_head_no_truncate
  BEFORE TRUNCATE ON audit_chain_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_head_guard();
