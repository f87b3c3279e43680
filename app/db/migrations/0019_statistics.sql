-- The annual figures (issue: annual figures): registrations from before Herstel, imported from a
-- CSV file, and one row per registration (worked in the app or imported) with exactly the facts
-- the figures count. No names, no contact details, no free text.

CREATE TABLE historic_registration (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The identifier in the service's earlier system: importing the same row twice changes nothing.
  external_id text NOT NULL UNIQUE CHECK (length(external_id) BETWEEN 1 AND 100),
  received_on date NOT NULL,
  taken_up_on date,
  submitted_by text NOT NULL CHECK (submitted_by IN ('self', 'referrer', 'staff')),
  referrer_type text,
  registrant_side text NOT NULL CHECK (registrant_side IN ('victim', 'offender', 'unknown')),
  registrant_role text NOT NULL CHECK (registrant_role IN ('victim', 'offender', 'bereaved', 'relative', 'witness', 'other')),
  offence_category text NOT NULL,
  region_id integer REFERENCES region (id),
  outcome text NOT NULL CHECK (outcome IN ('contact', 'no_contact', 'open')),
  forms text[] NOT NULL DEFAULT '{}',
  no_contact_reason text,
  closed_on date,
  imported_at timestamptz NOT NULL,
  imported_from text NOT NULL DEFAULT '' CHECK (length(imported_from) <= 300),
  CHECK (taken_up_on IS NULL OR taken_up_on >= received_on),
  CHECK (closed_on IS NULL OR closed_on >= coalesce(taken_up_on, received_on)),
  -- "open": not closed and no contact yet; "contact" may be in a case still open.
  CHECK (outcome <> 'open' OR closed_on IS NULL),
  CHECK (outcome <> 'no_contact' OR closed_on IS NOT NULL),
  CHECK ((outcome = 'contact') = (cardinality(forms) > 0)),
  CHECK ((outcome = 'no_contact') = (no_contact_reason IS NOT NULL)),
  CHECK (forms <@ ARRAY['conversation', 'letter_exchange', 'shuttle', 'video_message', 'group_conference']),
  CHECK (submitted_by = 'referrer' OR referrer_type IS NULL)
);
CREATE INDEX historic_registration_received_idx ON historic_registration (received_on);
GRANT SELECT, INSERT ON historic_registration TO herstel_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO herstel_app;

-- One row per registration with what the figures count. "Contact" means at least one contact
-- moment (recorded by the contact workflows or by hand); the forms are those of the contact
-- moments. "Both agreed" means both parties consented to some form of contact at some time.
-- Imported rows have no first-conversation or contact dates, and "both agreed" follows their
-- outcome (contact implies both agreed). Dates are days in Dutch time.
-- The view runs as its owner, so it counts every case whatever the reader may open; it holds no
-- personal data, and the application lets only coordinators and researchers use it.
CREATE VIEW registration_fact AS
SELECT
  'app'::text AS source,
  r.id AS source_id,
  (r.received_at AT TIME ZONE 'Europe/Amsterdam')::date AS received_on,
  (c.taken_up_at AT TIME ZONE 'Europe/Amsterdam')::date AS taken_up_on,
  r.submitted_by,
  r.referrer_type,
  r.registrant_side,
  r.registrant_role,
  r.offence_category,
  coalesce(c.region_id, r.region_id) AS region_id,
  (SELECT min(a.occurred_on) FROM case_activity a
   WHERE a.case_id = c.id AND a.kind = 'first_conversation') AS first_conversation_on,
  (SELECT min(a.occurred_on) FROM case_activity a
   WHERE a.case_id = c.id AND a.kind = 'contact_moment') AS contact_on,
  coalesce((SELECT array_agg(DISTINCT a.contact_form ORDER BY a.contact_form) FROM case_activity a
            WHERE a.case_id = c.id AND a.kind = 'contact_moment'), '{}'::text[]) AS forms,
  coalesce((SELECT count(DISTINCT k.party_id) = 2 FROM case_consent k
            WHERE k.case_id = c.id AND k.purpose = 'contact_form' AND k.given), false) AS both_agreed,
  (c.closed_at AT TIME ZONE 'Europe/Amsterdam')::date AS closed_on,
  c.no_contact_reason,
  (SELECT a.user_id FROM case_assignment a WHERE a.case_id = c.id AND a.role = 'lead' LIMIT 1) AS lead_mediator_id
FROM registration r
LEFT JOIN mediation_case c ON c.registration_id = r.id
UNION ALL
SELECT
  'import'::text,
  h.id,
  h.received_on,
  h.taken_up_on,
  h.submitted_by,
  h.referrer_type,
  h.registrant_side,
  h.registrant_role,
  h.offence_category,
  h.region_id,
  NULL::date,
  NULL::date,
  h.forms,
  h.outcome = 'contact',
  h.closed_on,
  h.no_contact_reason,
  NULL::bigint
FROM historic_registration h;

GRANT SELECT ON registration_fact TO herstel_app;
INSERT INTO app_setting (key, value) VALUES ('statistics.suppress_below', '5');
