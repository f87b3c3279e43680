-- Regions on registrations, and "break the glass": a coordinator may open a file outside their
-- regions only with a written reason, which is kept, audited and listed for review.
ALTER TABLE registration ADD COLUMN region_id integer REFERENCES region (id);

CREATE TABLE break_glass_grant (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES staff_user (id),
  object_type text NOT NULL CHECK (object_type IN ('registration')),
  object_id bigint NOT NULL,
  reason text NOT NULL CHECK (length(reason) BETWEEN 20 AND 2000),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX break_glass_grant_lookup_idx ON break_glass_grant (object_type, object_id, user_id, expires_at);
GRANT SELECT, INSERT ON break_glass_grant TO herstel_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO herstel_app;

-- Coordinators: registrations without a region yet, those of their regions, and those they
-- opened by breaking the glass (while that grant lasts).
DROP POLICY registration_coordinator ON registration;
CREATE POLICY registration_coordinator ON registration
  FOR SELECT TO herstel_app
  USING (
    'coordinator' = ANY (string_to_array(coalesce(current_setting('herstel.actor_roles', true), ''), ','))
    AND (
      region_id IS NULL
      OR region_id::text = ANY (string_to_array(coalesce(current_setting('herstel.actor_regions', true), ''), ','))
      OR EXISTS (
        SELECT 1 FROM break_glass_grant g
        WHERE g.object_type = 'registration'
          AND g.object_id = registration.id
          AND g.user_id::text = current_setting('herstel.actor_id', true)
          AND g.expires_at > now()
      )
    )
  );

-- The application must tell "not allowed" (403, and perhaps break the glass) from "does not
-- exist" (404) before it may read a registration. This function gives exactly that, and no
-- personal data, whatever the caller's row-level security allows. It runs as the owner, which
-- row-level security lets through by an explicit policy (FORCE applies to the owner too).
DO $$
BEGIN
  EXECUTE format('CREATE POLICY registration_owner ON registration FOR ALL TO %I USING (true) WITH CHECK (true)', current_user);
END
$$;

CREATE FUNCTION registration_access_info(p_id bigint)
  RETURNS TABLE (id bigint, status text, region_id integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT r.id, r.status, r.region_id FROM registration r WHERE r.id = p_id $$;
REVOKE ALL ON FUNCTION registration_access_info(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION registration_access_info(bigint) TO herstel_app;
