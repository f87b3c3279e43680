-- Settings that administrators can change at run time (deadlines, thresholds, lists).
CREATE TABLE app_setting (
  key text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_.]{0,99}$'),
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
