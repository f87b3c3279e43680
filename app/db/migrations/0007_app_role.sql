-- The application runs as herstel_app, a role that does not own the tables and cannot bypass
-- row-level security (SECURITY.md 4). Migrations keep running as the owner.
DO $$
BEGIN
  CREATE ROLE herstel_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- made by an earlier database on this server, or by the DBA beforehand
END
$$;
-- The connecting (owner) user switches to herstel_app for application work.
DO $$
BEGIN
  EXECUTE format('GRANT herstel_app TO %I', current_user);
EXCEPTION WHEN others THEN
  NULL; -- a superuser needs no membership; otherwise the DBA grants it (see README)
END
$$;

GRANT USAGE ON SCHEMA public TO herstel_app;
GRANT SELECT ON schema_migration, list_item, region TO herstel_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON
  app_setting, registration_sequence, registration_draft, rate_limit_counter, outbox_message,
  staff_user, staff_role, staff_region, recovery_code, auth_token, staff_session
  TO herstel_app;
GRANT SELECT, INSERT, UPDATE ON registration TO herstel_app;
-- The audit log is append-only for the application: no UPDATE, DELETE or TRUNCATE.
GRANT SELECT, INSERT ON audit_log TO herstel_app;
GRANT SELECT, UPDATE ON audit_chain_head TO herstel_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO herstel_app;

-- Registrations hold criminal-offence data and identities: who may see which rows is decided
-- again in the database, from what the application sets per transaction:
--   herstel.actor_roles     the signed-in staff member's roles, comma-separated
--   herstel.form_instance   the public form instance (idempotency key) of this browser
ALTER TABLE registration ENABLE ROW LEVEL SECURITY;
ALTER TABLE registration FORCE ROW LEVEL SECURITY;

CREATE POLICY registration_own_form ON registration
  FOR ALL TO herstel_app
  USING (idempotency_key::text = current_setting('herstel.form_instance', true))
  WITH CHECK (idempotency_key::text = current_setting('herstel.form_instance', true));

CREATE POLICY registration_intake ON registration
  FOR SELECT TO herstel_app
  USING (
    status = 'received'
    AND 'intake' = ANY (string_to_array(coalesce(current_setting('herstel.actor_roles', true), ''), ','))
  );

CREATE POLICY registration_coordinator ON registration
  FOR SELECT TO herstel_app
  USING ('coordinator' = ANY (string_to_array(coalesce(current_setting('herstel.actor_roles', true), ''), ',')));
