-- Passkeys (WebAuthn) for referrers and staff, their one-time challenges, withdrawing a referral
-- sent by mistake, and partners' webhooks for status changes (ADR 0029).

-- A passkey: the public key and signature counter of one authenticator credential. Only public
-- material is stored; the private key never leaves the person's device.
CREATE TABLE webauthn_credential (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  referrer_user_id bigint REFERENCES referrer_user (id) ON DELETE CASCADE,
  staff_user_id bigint REFERENCES staff_user (id) ON DELETE CASCADE,
  CHECK ((referrer_user_id IS NULL) <> (staff_user_id IS NULL)),
  -- base64url of the credential id, as the browser gives it. (PostgreSQL's regular expressions
  -- allow no bound above 255, so the length is checked apart.)
  credential_id text NOT NULL UNIQUE
    CHECK (credential_id ~ '^[A-Za-z0-9_-]+$' AND length(credential_id) BETWEEN 16 AND 1400),
  public_key bytea NOT NULL CHECK (length(public_key) <= 2048),
  -- The authenticator's signature counter (0 for authenticators that keep none, such as most
  -- synced passkeys); a lower or equal non-zero value at sign-in means a cloned authenticator.
  sign_count bigint NOT NULL CHECK (sign_count >= 0),
  transports text[] NOT NULL DEFAULT '{}' CHECK (cardinality(transports) <= 10),
  device_type text NOT NULL CHECK (device_type IN ('singleDevice', 'multiDevice')),
  backed_up boolean NOT NULL,
  label text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL,
  last_used_at timestamptz
);
CREATE INDEX webauthn_credential_referrer_idx ON webauthn_credential (referrer_user_id) WHERE referrer_user_id IS NOT NULL;
CREATE INDEX webauthn_credential_staff_idx ON webauthn_credential (staff_user_id) WHERE staff_user_id IS NOT NULL;

-- A challenge lives five minutes and is used once: verifying deletes it (DELETE … RETURNING), so
-- that two instances can never both accept it. Registration challenges name the account.
CREATE TABLE webauthn_challenge (
  challenge text PRIMARY KEY CHECK (challenge ~ '^[A-Za-z0-9_-]{32,128}$'),
  purpose text NOT NULL CHECK (purpose IN ('referrer.register', 'referrer.sign_in', 'staff.register', 'staff.sign_in')),
  referrer_user_id bigint REFERENCES referrer_user (id) ON DELETE CASCADE,
  staff_user_id bigint REFERENCES staff_user (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX webauthn_challenge_expires_idx ON webauthn_challenge (expires_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON webauthn_credential, webauthn_challenge TO herstel_app;

-- Referrers' passkeys follow the referrer tables' rules: reached while signing in
-- ('referrer-auth') or by the signed-in referrer, their own only. Staff passkeys are reached as
-- staff_user is (no staff role setting needed to sign in).
ALTER TABLE webauthn_credential ENABLE ROW LEVEL SECURITY;
ALTER TABLE webauthn_credential FORCE ROW LEVEL SECURITY;
CREATE POLICY webauthn_credential_staff ON webauthn_credential
  FOR ALL TO herstel_app
  USING (staff_user_id IS NOT NULL)
  WITH CHECK (staff_user_id IS NOT NULL);
CREATE POLICY webauthn_credential_referrer_auth ON webauthn_credential
  FOR ALL TO herstel_app
  USING (referrer_user_id IS NOT NULL AND current_setting('herstel.system', true) = 'referrer-auth')
  WITH CHECK (referrer_user_id IS NOT NULL AND current_setting('herstel.system', true) = 'referrer-auth');
CREATE POLICY webauthn_credential_referrer_own ON webauthn_credential
  FOR ALL TO herstel_app
  USING (referrer_user_id::text = current_setting('herstel.referrer_id', true))
  WITH CHECK (referrer_user_id::text = current_setting('herstel.referrer_id', true));

-- A referrer sees and ends their own sessions (the sessions page).
ALTER TABLE referrer_session ENABLE ROW LEVEL SECURITY;
ALTER TABLE referrer_session FORCE ROW LEVEL SECURITY;
-- Sessions are looked up by the hash of their cookie before anyone is known (as staff sessions).
CREATE POLICY referrer_session_app ON referrer_session
  FOR ALL TO herstel_app
  USING (current_setting('herstel.referrer_id', true) IS NULL OR current_setting('herstel.referrer_id', true) = ''
         OR user_id::text = current_setting('herstel.referrer_id', true))
  WITH CHECK (true);

-- Withdrawing a referral sent by mistake: by its sender (herstel.referrer_id) or by the partner
-- system of its organisation (herstel.partner_organisation), within 24 hours of receipt and while
-- nobody has taken it up. It is deleted with its answers, its key and unsent e-mail about it: a
-- mistake leaves nothing of the client behind, and is not counted in the figures.
CREATE FUNCTION withdraw_referral(p_reference text) RETURNS text
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_reg registration%ROWTYPE;
  v_referrer text := nullif(current_setting('herstel.referrer_id', true), '');
  v_partner text := nullif(current_setting('herstel.partner_organisation', true), '');
BEGIN
  IF v_referrer IS NULL AND v_partner IS NULL THEN
    RAISE EXCEPTION 'withdraw_referral: no referrer' USING ERRCODE = '42501';
  END IF;
  SELECT * INTO v_reg FROM registration r
  WHERE r.reference = p_reference
    AND ((v_referrer IS NOT NULL AND r.referrer_user_id::text = v_referrer)
      OR (v_partner IS NOT NULL AND r.referrer_organisation_id::text = v_partner))
  FOR UPDATE;
  IF NOT FOUND THEN
    RETURN 'not_found';
  END IF;
  IF v_reg.status <> 'received' OR v_reg.case_id IS NOT NULL
     OR EXISTS (SELECT 1 FROM mediation_case WHERE registration_id = v_reg.id) THEN
    RETURN 'taken_up';
  END IF;
  IF v_reg.received_at < now() - interval '24 hours' THEN
    RETURN 'too_late';
  END IF;
  IF EXISTS (SELECT 1 FROM legal_hold WHERE registration_id = v_reg.id AND lifted_at IS NULL) THEN
    RETURN 'on_hold';
  END IF;
  IF v_reg.referrer_status_updates AND v_reg.referrer_organisation_id IS NOT NULL THEN
    PERFORM queue_referral_webhooks(v_reg.referrer_organisation_id, v_reg.reference, 'withdrawn');
  END IF;
  DELETE FROM outbox_message WHERE related_type = 'registration' AND related_id = v_reg.id::text
    AND status = 'pending';
  PERFORM delete_registrations_and_keys(ARRAY[v_reg.id],
    CASE WHEN v_reg.data_key_id IS NULL THEN ARRAY[]::bigint[] ELSE ARRAY[v_reg.data_key_id] END);
  RETURN 'withdrawn';
END
$$;
REVOKE ALL ON FUNCTION withdraw_referral(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION withdraw_referral(text) TO herstel_app;

-- The organisation of the signed-in referrer when they are its contact person (else null). A
-- function, so that a policy on referrer_user can use it without recursing into itself.
CREATE FUNCTION referrer_contact_organisation() RETURNS bigint
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT u.organisation_id FROM referrer_user u
  WHERE u.id::text = current_setting('herstel.referrer_id', true) AND u.is_contact_person AND u.status = 'active'
$$;
REVOKE ALL ON FUNCTION referrer_contact_organisation() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION referrer_contact_organisation() TO herstel_app;

-- Webhooks: an organisation's HTTPS endpoint for status changes of its referrals. The signing
-- secret is sealed with a key derived from APP_SECRET (shown once when made).
CREATE TABLE partner_webhook (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id bigint NOT NULL REFERENCES referrer_organisation (id),
  url text NOT NULL CHECK (length(url) BETWEEN 8 AND 500),
  secret_enc text NOT NULL,
  created_at timestamptz NOT NULL,
  created_by_staff bigint REFERENCES staff_user (id),
  created_by_referrer bigint REFERENCES referrer_user (id),
  revoked_at timestamptz
);
CREATE INDEX partner_webhook_organisation_idx ON partner_webhook (organisation_id) WHERE revoked_at IS NULL;

-- One delivery of one status change to one endpoint, written in the transaction that changed the
-- status (by the triggers below) and sent by the webhook worker: reference, status and time only.
CREATE TABLE partner_webhook_delivery (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  webhook_id bigint NOT NULL REFERENCES partner_webhook (id) ON DELETE CASCADE,
  event_id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
  reference text NOT NULL CHECK (reference ~ '^HB-\d{4}-\d{6}$'),
  status text NOT NULL CHECK (status IN ('received', 'taken_up', 'closed', 'withdrawn')),
  occurred_at timestamptz NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- An HTTP status or an error code only, never the answer's body.
  last_error text CHECK (length(last_error) <= 200),
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX partner_webhook_delivery_due_idx ON partner_webhook_delivery (next_attempt_at, id) WHERE state = 'pending';

GRANT SELECT, INSERT, UPDATE ON partner_webhook TO herstel_app;
GRANT SELECT, UPDATE ON partner_webhook_delivery TO herstel_app;

ALTER TABLE partner_webhook ENABLE ROW LEVEL SECURITY;
ALTER TABLE partner_webhook FORCE ROW LEVEL SECURITY;
ALTER TABLE partner_webhook_delivery ENABLE ROW LEVEL SECURITY;
ALTER TABLE partner_webhook_delivery FORCE ROW LEVEL SECURITY;
CREATE POLICY partner_webhook_staff ON partner_webhook
  FOR ALL TO herstel_app
  USING (string_to_array(coalesce(current_setting('herstel.actor_roles', true), ''), ',') && ARRAY['coordinator', 'administrator'])
  WITH CHECK (string_to_array(coalesce(current_setting('herstel.actor_roles', true), ''), ',') && ARRAY['coordinator', 'administrator']);
CREATE POLICY partner_webhook_contact ON partner_webhook
  FOR ALL TO herstel_app
  USING (organisation_id = referrer_contact_organisation())
  WITH CHECK (organisation_id = referrer_contact_organisation());
CREATE POLICY partner_webhook_worker ON partner_webhook
  FOR SELECT TO herstel_app
  USING (current_setting('herstel.system', true) = 'webhooks');
CREATE POLICY partner_webhook_delivery_worker ON partner_webhook_delivery
  FOR ALL TO herstel_app
  USING (current_setting('herstel.system', true) = 'webhooks')
  WITH CHECK (current_setting('herstel.system', true) = 'webhooks');

-- The organisation's contact person manages its API keys (make, revoke), as staff do.
CREATE POLICY partner_api_key_contact ON partner_api_key
  FOR ALL TO herstel_app
  USING (organisation_id = referrer_contact_organisation())
  WITH CHECK (organisation_id = referrer_contact_organisation());
ALTER TABLE partner_api_key ADD COLUMN created_by_referrer bigint REFERENCES referrer_user (id);

-- The organisation's contact person invites colleagues: an account in their own organisation.
CREATE POLICY referrer_user_contact ON referrer_user
  FOR ALL TO herstel_app
  USING (organisation_id = referrer_contact_organisation())
  WITH CHECK (organisation_id = referrer_contact_organisation());

DO $$
BEGIN
  EXECUTE format('CREATE POLICY webauthn_credential_owner ON webauthn_credential FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
  EXECUTE format('CREATE POLICY referrer_session_owner ON referrer_session FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
  EXECUTE format('CREATE POLICY partner_webhook_owner ON partner_webhook FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
  EXECUTE format('CREATE POLICY partner_webhook_delivery_owner ON partner_webhook_delivery FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
END
$$;

-- What a referrer sees of a registration, as referrer_referrals() and partner_referral_status().
CREATE FUNCTION referral_status_of(p_status text, p_case_step text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN p_status = 'closed' OR p_case_step = 'closed' THEN 'closed'
    WHEN p_status IN ('taken_up', 'linked') THEN 'taken_up'
    ELSE 'received'
  END
$$;

-- Queues a delivery to each live endpoint of the organisation, when the client agreed that the
-- referrer hears the status and what the referrer sees actually changed.
CREATE FUNCTION queue_referral_webhooks(p_organisation bigint, p_reference text, p_status text) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  INSERT INTO partner_webhook_delivery (webhook_id, reference, status, occurred_at)
  SELECT w.id, p_reference, p_status, now()
  FROM partner_webhook w JOIN referrer_organisation o ON o.id = w.organisation_id AND o.status = 'approved'
  WHERE w.organisation_id = p_organisation AND w.revoked_at IS NULL
$$;
REVOKE ALL ON FUNCTION queue_referral_webhooks(bigint, text, text) FROM PUBLIC;

CREATE FUNCTION registration_status_webhook() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_step text;
  v_old text;
  v_new text;
BEGIN
  IF NEW.referrer_organisation_id IS NULL OR NOT NEW.referrer_status_updates THEN
    RETURN NEW;
  END IF;
  SELECT step INTO v_step FROM mediation_case WHERE id = NEW.case_id;
  v_old := referral_status_of(OLD.status, NULL);
  v_new := referral_status_of(NEW.status, v_step);
  IF v_old IS DISTINCT FROM v_new THEN
    PERFORM queue_referral_webhooks(NEW.referrer_organisation_id, NEW.reference, v_new);
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER registration_status_webhook AFTER UPDATE OF status ON registration
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION registration_status_webhook();

CREATE FUNCTION case_closed_webhook() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  r registration%ROWTYPE;
BEGIN
  FOR r IN SELECT * FROM registration
           WHERE case_id = NEW.id AND referrer_organisation_id IS NOT NULL AND referrer_status_updates
             AND status <> 'closed'
  LOOP
    PERFORM queue_referral_webhooks(r.referrer_organisation_id, r.reference,
      referral_status_of(r.status, NEW.step));
  END LOOP;
  RETURN NEW;
END
$$;
CREATE TRIGGER case_closed_webhook AFTER UPDATE OF step ON mediation_case
  FOR EACH ROW WHEN (OLD.step IS DISTINCT FROM NEW.step AND (OLD.step = 'closed' OR NEW.step = 'closed'))
  EXECUTE FUNCTION case_closed_webhook();
