-- Staff accounts, roles, regions, sessions and one-time tokens.

CREATE TABLE region (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z0-9_]{0,49}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  active boolean NOT NULL DEFAULT true
);
INSERT INTO region (code, name) VALUES
  ('noord', 'Noord-Nederland'),
  ('oost', 'Oost-Nederland'),
  ('midden', 'Midden-Nederland'),
  ('west', 'West-Nederland'),
  ('zuid', 'Zuid-Nederland');

CREATE TABLE staff_user (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Stored lower-case and trimmed; compared the same way.
  email text NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  password_hash text,
  -- Encrypted with a key derived from APP_SECRET (app/lib/secret-box.server.ts).
  totp_secret_enc text,
  totp_confirmed_at timestamptz,
  -- The last TOTP time step accepted: a code works once.
  totp_last_step bigint,
  status text NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'active', 'deactivated')),
  created_at timestamptz NOT NULL DEFAULT now(),
  deactivated_at timestamptz
);

CREATE TABLE staff_role (
  user_id bigint NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('intake', 'mediator', 'coordinator', 'administrator', 'researcher')),
  PRIMARY KEY (user_id, role)
);

CREATE TABLE staff_region (
  user_id bigint NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
  region_id integer NOT NULL REFERENCES region (id),
  PRIMARY KEY (user_id, region_id)
);

CREATE TABLE recovery_code (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at timestamptz
);
CREATE INDEX recovery_code_user_idx ON recovery_code (user_id);

-- Invitation and password-reset links: only a hash of the token is stored.
CREATE TABLE auth_token (
  token_hash text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('invite', 'reset')),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

-- Sessions live in the database so that several app instances share them. The cookie holds a
-- random id; only its hash is stored.
CREATE TABLE staff_session (
  id_hash text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  -- Null while only the password was given: such a session reaches no staff page.
  second_factor_at timestamptz,
  reauthenticated_at timestamptz,
  user_agent text NOT NULL DEFAULT '' CHECK (length(user_agent) <= 200),
  ended_at timestamptz
);
CREATE INDEX staff_session_user_idx ON staff_session (user_id) WHERE ended_at IS NULL;
