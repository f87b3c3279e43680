-- Background jobs (app/features/jobs/, ADR 0015): a named job runs in at most one app instance
-- at a time. The instance running it holds a lease in this row, renews it while it works and
-- gives it up when done; `token` grows with every new holder, so a holder whose lease was taken
-- over can tell. Lease times are the database's clock, never an app server's. The row also keeps
-- the last run, from which a daily job sees whether today's run is still due. No personal data.
CREATE TABLE job_lease (
  name text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9-]{0,62}$'),
  holder text CHECK (length(holder) <= 200),
  token bigint NOT NULL DEFAULT 0,
  lease_until timestamptz,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  last_succeeded_at timestamptz,
  -- Error name and code only, never a message (messages can quote row values).
  last_error text CHECK (length(last_error) <= 200),
  failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
  CHECK ((holder IS NULL) = (lease_until IS NULL))
);

GRANT SELECT, INSERT, UPDATE ON job_lease TO herstel_app;
