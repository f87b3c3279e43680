-- Registrations from the public form (and later from staff), and the drafts of the form.

-- Per-year counter behind the reference HB-YYYY-NNNNNN. The row lock taken by the upsert
-- serialises concurrent submissions, so numbers are unique and without gaps unless a
-- transaction rolls back.
CREATE TABLE registration_sequence (
  year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
  last_value integer NOT NULL CHECK (last_value BETWEEN 1 AND 999999)
);

CREATE TABLE registration (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reference text NOT NULL UNIQUE CHECK (reference ~ '^HB-[0-9]{4}-[0-9]{6}$'),
  -- One registration per form instance: a double submit finds the first one.
  idempotency_key uuid NOT NULL UNIQUE,
  received_at timestamptz NOT NULL DEFAULT now(),
  -- How it reached us, and who filled it in (the annual figures count both).
  channel text NOT NULL CHECK (channel IN ('web', 'phone', 'email', 'letter', 'in_person')),
  submitted_by text NOT NULL CHECK (submitted_by IN ('self', 'referrer', 'staff')),
  registrant_role text NOT NULL CHECK (registrant_role IN ('victim', 'offender', 'bereaved', 'relative', 'witness', 'other')),
  registrant_side text NOT NULL CHECK (registrant_side IN ('victim', 'offender', 'unknown')),
  offence_category text NOT NULL,
  referrer_type text,
  locale text NOT NULL CHECK (locale IN ('nl', 'en')),
  status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'taken_up', 'linked', 'closed')),
  -- Every answer as submitted, including personal data; read and written only through
  -- app/features/registration/registration.*.server.ts (one place for encryption at rest).
  form_version integer NOT NULL,
  answers jsonb NOT NULL
);
CREATE INDEX registration_received_at_idx ON registration (received_at);
CREATE INDEX registration_status_idx ON registration (status, received_at);

-- The answers of a form in progress, so that it works step by step without JavaScript and
-- with the back button. Deleted on submission; expired drafts are purged.
CREATE TABLE registration_draft (
  id uuid PRIMARY KEY,
  path text NOT NULL CHECK (path IN ('self', 'referral')),
  answers jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX registration_draft_expires_idx ON registration_draft (expires_at);

-- Fixed-window counters for rate limits (form posts now, logins later). Keys are HMACs of
-- client addresses, never the addresses themselves.
CREATE TABLE rate_limit_counter (
  bucket text NOT NULL,
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL,
  PRIMARY KEY (bucket, key, window_start)
);
CREATE INDEX rate_limit_counter_window_idx ON rate_limit_counter (window_start);
