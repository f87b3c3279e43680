-- Four eyes on access to cases (issue 13): an administrator who gives someone a role that reads
-- cases (or approves such grants), or more regions, only files a request; a second administrator,
-- not the one asking and not the one receiving, approves it. Removing access takes effect at once.
CREATE TABLE access_grant_request (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES staff_user (id),
  add_roles text[] NOT NULL DEFAULT '{}'
    CHECK (add_roles <@ ARRAY['intake', 'mediator', 'coordinator', 'administrator', 'researcher']::text[]),
  add_region_ids integer[] NOT NULL DEFAULT '{}',
  requested_by bigint NOT NULL REFERENCES staff_user (id),
  requested_at timestamptz NOT NULL,
  decision text CHECK (decision IN ('approved', 'rejected')),
  decided_by bigint REFERENCES staff_user (id),
  decided_at timestamptz,
  CHECK (cardinality(add_roles) + cardinality(add_region_ids) > 0),
  -- Nobody grants themselves access, and nobody approves what they asked for or receive.
  CHECK (requested_by <> user_id),
  CHECK (decision IS DISTINCT FROM 'approved' OR (decided_by <> requested_by AND decided_by <> user_id)),
  CHECK ((decision IS NULL) = (decided_by IS NULL) AND (decision IS NULL) = (decided_at IS NULL))
);
CREATE INDEX access_grant_request_pending_idx ON access_grant_request (requested_at) WHERE decision IS NULL;

GRANT SELECT, INSERT, UPDATE ON access_grant_request TO herstel_app;
