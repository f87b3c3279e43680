-- Row-level security for the last two tables that hold personal data without it (issue 13).
--
-- registration_draft: an unfinished public form (names, what happened). A draft is reached only
-- from its own form instance, like the registration made from it (migration 0007); only the
-- housekeeping task (herstel.system = 'housekeeping', set per transaction) removes expired ones.
ALTER TABLE registration_draft ENABLE ROW LEVEL SECURITY;
ALTER TABLE registration_draft FORCE ROW LEVEL SECURITY;

CREATE POLICY registration_draft_own_form ON registration_draft
  FOR ALL TO herstel_app
  USING (id::text = current_setting('herstel.form_instance', true))
  WITH CHECK (id::text = current_setting('herstel.form_instance', true));

-- A DELETE with a WHERE clause must also see the rows, so a DELETE-only policy would remove
-- nothing: the housekeeping task gets both, and only for expired drafts.
CREATE POLICY registration_draft_expired ON registration_draft
  FOR ALL TO herstel_app
  USING (current_setting('herstel.system', true) = 'housekeeping' AND expires_at <= now());

-- outbox_message: addresses and texts of outgoing mail. Every action may queue a message; only
-- the outbox worker (herstel.system = 'outbox', set per transaction) reads and updates them, so
-- no page can list other people's mail by mistake.
ALTER TABLE outbox_message ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox_message FORCE ROW LEVEL SECURITY;

CREATE POLICY outbox_message_queue ON outbox_message
  FOR INSERT TO herstel_app
  WITH CHECK (status = 'pending' AND attempts = 0);

CREATE POLICY outbox_message_worker ON outbox_message
  FOR ALL TO herstel_app
  USING (current_setting('herstel.system', true) = 'outbox')
  WITH CHECK (current_setting('herstel.system', true) = 'outbox');

-- FORCE applies to the owner too: like every other table under row-level security, the owner
-- (migrations, backups, key rotation, command-line tools) passes by an explicit policy, also when
-- it is not a superuser.
DO $$
BEGIN
  EXECUTE format('CREATE POLICY registration_draft_owner ON registration_draft FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
  EXECUTE format('CREATE POLICY outbox_message_owner ON outbox_message FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
END
$$;
