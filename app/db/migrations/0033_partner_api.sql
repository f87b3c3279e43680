-- The partner API: keys per referring organisation, and the idempotency record of each
-- referral a partner system sent.

-- A key is shown once; only its SHA-256 is kept. The prefix (public, unique) finds the row.
CREATE TABLE partner_api_key (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id bigint NOT NULL REFERENCES referrer_organisation (id),
  prefix text NOT NULL UNIQUE CHECK (prefix ~ '^[a-z0-9]{12}$'),
  secret_hash text NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  scopes text[] NOT NULL CHECK (
    cardinality(scopes) BETWEEN 1 AND 2 AND scopes <@ ARRAY['referrals:write', 'referrals:read-status']
  ),
  created_at timestamptz NOT NULL,
  created_by bigint REFERENCES staff_user (id),
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE INDEX partner_api_key_organisation_idx ON partner_api_key (organisation_id);

-- Idempotency-Key per organisation: the same key with the same body gives the same referral;
-- with another body it is refused. Erasing the registration (the retention schedule, a request)
-- removes its record too: nothing of it may remain.
CREATE TABLE partner_referral_request (
  organisation_id bigint NOT NULL REFERENCES referrer_organisation (id),
  idempotency_key text NOT NULL CHECK (idempotency_key ~ '^[A-Za-z0-9._:-]{8,100}$'),
  body_sha256 text NOT NULL CHECK (body_sha256 ~ '^[0-9a-f]{64}$'),
  registration_id bigint NOT NULL REFERENCES registration (id) ON DELETE CASCADE,
  reference text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (organisation_id, idempotency_key)
);

GRANT SELECT, INSERT, UPDATE ON partner_api_key TO herstel_app;
GRANT SELECT, INSERT ON partner_referral_request TO herstel_app;

-- Row-level security: staff (coordinators, administrators) manage keys; an API call, before it
-- is authenticated, may look up keys (herstel.system = 'partner-api'); once authenticated it
-- acts for one organisation (herstel.partner_organisation) and reaches only that one's records.
ALTER TABLE partner_api_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE partner_api_key FORCE ROW LEVEL SECURITY;
ALTER TABLE partner_referral_request ENABLE ROW LEVEL SECURITY;
ALTER TABLE partner_referral_request FORCE ROW LEVEL SECURITY;

CREATE POLICY partner_api_key_staff ON partner_api_key
  FOR ALL TO herstel_app
  USING (string_to_array(coalesce(current_setting('herstel.actor_roles', true), ''), ',') && ARRAY['coordinator', 'administrator'])
  WITH CHECK (string_to_array(coalesce(current_setting('herstel.actor_roles', true), ''), ',') && ARRAY['coordinator', 'administrator']);
CREATE POLICY partner_api_key_lookup ON partner_api_key
  FOR SELECT TO herstel_app
  USING (current_setting('herstel.system', true) = 'partner-api');
CREATE POLICY partner_api_key_used ON partner_api_key
  FOR UPDATE TO herstel_app
  USING (organisation_id::text = current_setting('herstel.partner_organisation', true))
  WITH CHECK (organisation_id::text = current_setting('herstel.partner_organisation', true));
CREATE POLICY partner_api_key_own ON partner_api_key
  FOR SELECT TO herstel_app
  USING (organisation_id::text = current_setting('herstel.partner_organisation', true));

CREATE POLICY partner_referral_request_own ON partner_referral_request
  FOR ALL TO herstel_app
  USING (organisation_id::text = current_setting('herstel.partner_organisation', true))
  WITH CHECK (organisation_id::text = current_setting('herstel.partner_organisation', true));

-- The partner system acts for its organisation: it reads that organisation's name and type;
-- looking up a key, whether its organisation is approved.
CREATE POLICY referrer_organisation_partner ON referrer_organisation
  FOR SELECT TO herstel_app
  USING (
    (id::text = current_setting('herstel.partner_organisation', true) AND status = 'approved')
    OR current_setting('herstel.system', true) = 'partner-api'
  );

DO $$
BEGIN
  EXECUTE format('CREATE POLICY partner_api_key_owner ON partner_api_key FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
  EXECUTE format('CREATE POLICY partner_referral_request_owner ON partner_referral_request FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
END
$$;

-- The status of one referral of the acting organisation, under the same rules as the referrers'
-- area: only where the client agreed to status updates (else the status is null); nothing else.
CREATE FUNCTION partner_referral_status(p_reference text)
RETURNS TABLE (reference text, received_at timestamptz, status text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT r.reference, r.received_at,
         CASE
           WHEN NOT r.referrer_status_updates THEN NULL
           WHEN r.status = 'closed' OR c.step = 'closed' THEN 'closed'
           WHEN r.status IN ('taken_up', 'linked') THEN 'taken_up'
           ELSE 'received'
         END
  FROM registration r
  JOIN referrer_organisation o ON o.id = r.referrer_organisation_id AND o.status = 'approved'
  LEFT JOIN mediation_case c ON c.id = r.case_id
  WHERE r.reference = p_reference
    AND r.referrer_organisation_id::text = current_setting('herstel.partner_organisation', true)
$$;
REVOKE ALL ON FUNCTION partner_referral_status(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION partner_referral_status(text) TO herstel_app;
