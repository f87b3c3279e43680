-- Referring professionals as partners: their organisations, their accounts and sessions, and
-- which registrations they sent. A referrer never reads a registration: the only way to their
-- referrals is referrer_referrals(), which returns the reference, the date and the status.

CREATE TABLE referrer_organisation (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- A code of the referrer_type list (checked by the application against list_item).
  referrer_type text NOT NULL CHECK (referrer_type ~ '^[a-z][a-z0-9_]{0,49}$'),
  -- Work e-mail domains, lower case: a professional signs up with an address of one of them.
  email_domains text[] NOT NULL DEFAULT '{}' CHECK (cardinality(email_domains) <= 20),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  -- Set by the organisation's contact person: colleagues see each other's referrals.
  colleagues_see_referrals boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  decided_by bigint REFERENCES staff_user (id)
);
-- A domain belongs to one organisation at most (checked by the application on every change).
CREATE INDEX referrer_organisation_domains_idx ON referrer_organisation USING gin (email_domains);

CREATE TABLE referrer_user (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id bigint NOT NULL REFERENCES referrer_organisation (id),
  email text NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  job_title text CHECK (job_title IS NULL OR length(job_title) <= 200),
  phone text CHECK (phone IS NULL OR length(phone) <= 30),
  is_contact_person boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deactivated')),
  -- Encrypted with a key derived from APP_SECRET, like the staff's (app/lib/secret-box.server.ts).
  totp_secret_enc text,
  totp_confirmed_at timestamptz,
  totp_last_step bigint,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX referrer_user_organisation_idx ON referrer_user (organisation_id);

-- Sign-in links sent by e-mail: only a hash of the token is stored; each works once, briefly.
CREATE TABLE referrer_login_link (
  token_hash text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES referrer_user (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX referrer_login_link_user_idx ON referrer_login_link (user_id);

-- Sessions as for staff (migration 0006): a random id in the cookie, its hash here.
CREATE TABLE referrer_session (
  id_hash text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES referrer_user (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  -- Null while only the e-mail link was used: such a session reaches nothing yet.
  second_factor_at timestamptz,
  user_agent text NOT NULL DEFAULT '' CHECK (length(user_agent) <= 200),
  ended_at timestamptz
);
CREATE INDEX referrer_session_user_idx ON referrer_session (user_id) WHERE ended_at IS NULL;

ALTER TABLE registration
  ADD COLUMN referrer_user_id bigint REFERENCES referrer_user (id),
  ADD COLUMN referrer_organisation_id bigint REFERENCES referrer_organisation (id),
  -- The client agreed that the referrer hears the status (received, taken up, closed).
  ADD COLUMN referrer_status_updates boolean NOT NULL DEFAULT false;
CREATE INDEX registration_referrer_user_idx ON registration (referrer_user_id) WHERE referrer_user_id IS NOT NULL;
CREATE INDEX registration_referrer_organisation_idx ON registration (referrer_organisation_id)
  WHERE referrer_organisation_id IS NOT NULL;

GRANT SELECT, INSERT, UPDATE ON referrer_organisation, referrer_user TO herstel_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON referrer_login_link, referrer_session TO herstel_app;

-- Row-level security, from what the application sets per transaction:
--   herstel.actor_roles     staff: coordinators and administrators manage organisations
--   herstel.referrer_id     the signed-in referrer: their own account and organisation
--   herstel.system          'referrer-auth' while signing up or in (before anyone is known)
ALTER TABLE referrer_organisation ENABLE ROW LEVEL SECURITY;
ALTER TABLE referrer_organisation FORCE ROW LEVEL SECURITY;
ALTER TABLE referrer_user ENABLE ROW LEVEL SECURITY;
ALTER TABLE referrer_user FORCE ROW LEVEL SECURITY;

CREATE POLICY referrer_organisation_staff ON referrer_organisation
  FOR ALL TO herstel_app
  USING (string_to_array(coalesce(current_setting('herstel.actor_roles', true), ''), ',') && ARRAY['coordinator', 'administrator'])
  WITH CHECK (string_to_array(coalesce(current_setting('herstel.actor_roles', true), ''), ',') && ARRAY['coordinator', 'administrator']);
CREATE POLICY referrer_organisation_auth ON referrer_organisation
  FOR ALL TO herstel_app
  USING (current_setting('herstel.system', true) = 'referrer-auth')
  WITH CHECK (current_setting('herstel.system', true) = 'referrer-auth' AND status = 'pending');
CREATE POLICY referrer_organisation_member ON referrer_organisation
  FOR SELECT TO herstel_app
  USING (id = (SELECT u.organisation_id FROM referrer_user u
               WHERE u.id::text = current_setting('herstel.referrer_id', true)));

-- The organisation's contact person changes its settings (colleagues seeing each other's referrals).
CREATE POLICY referrer_organisation_contact ON referrer_organisation
  FOR UPDATE TO herstel_app
  USING (id = (SELECT u.organisation_id FROM referrer_user u
               WHERE u.id::text = current_setting('herstel.referrer_id', true)
                 AND u.is_contact_person AND u.status = 'active'))
  WITH CHECK (status = 'approved');

CREATE POLICY referrer_user_staff ON referrer_user
  FOR ALL TO herstel_app
  USING (string_to_array(coalesce(current_setting('herstel.actor_roles', true), ''), ',') && ARRAY['coordinator', 'administrator'])
  WITH CHECK (string_to_array(coalesce(current_setting('herstel.actor_roles', true), ''), ',') && ARRAY['coordinator', 'administrator']);
CREATE POLICY referrer_user_auth ON referrer_user
  FOR ALL TO herstel_app
  USING (current_setting('herstel.system', true) = 'referrer-auth')
  WITH CHECK (current_setting('herstel.system', true) = 'referrer-auth');
CREATE POLICY referrer_user_self ON referrer_user
  FOR SELECT TO herstel_app
  USING (id::text = current_setting('herstel.referrer_id', true));

-- FORCE applies to the owner too: referrer_referrals() below runs as the owner and must read
-- both tables, so the owner gets an explicit policy, as in migration 0008.
DO $$
BEGIN
  EXECUTE format('CREATE POLICY referrer_organisation_owner ON referrer_organisation FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
  EXECUTE format('CREATE POLICY referrer_user_owner ON referrer_user FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
END
$$;

-- The referrals of the signed-in referrer (and of their colleagues when the organisation allows
-- it): reference, date, sender, and the status only where the client agreed to status updates.
-- No answers, no case content: the application role has no policy on registration for referrers.
CREATE FUNCTION referrer_referrals()
RETURNS TABLE (reference text, received_at timestamptz, own boolean, sender text, status text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  WITH me AS (
    SELECT u.id, u.organisation_id, o.colleagues_see_referrals
    FROM referrer_user u JOIN referrer_organisation o ON o.id = u.organisation_id
    WHERE u.id::text = current_setting('herstel.referrer_id', true)
      AND u.status = 'active' AND o.status = 'approved'
  )
  SELECT r.reference, r.received_at, r.referrer_user_id = me.id, s.display_name,
         CASE
           WHEN NOT r.referrer_status_updates THEN NULL
           WHEN r.status = 'closed' OR c.step = 'closed' THEN 'closed'
           WHEN r.status IN ('taken_up', 'linked') THEN 'taken_up'
           ELSE 'received'
         END
  FROM me
  JOIN registration r ON r.referrer_user_id = me.id
    OR (me.colleagues_see_referrals AND r.referrer_organisation_id = me.organisation_id)
  JOIN referrer_user s ON s.id = r.referrer_user_id
  LEFT JOIN mediation_case c ON c.id = r.case_id
  ORDER BY r.received_at DESC, r.reference DESC
$$;
REVOKE ALL ON FUNCTION referrer_referrals() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION referrer_referrals() TO herstel_app;
