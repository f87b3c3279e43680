-- Outgoing e-mail. A message is written here in the same transaction as the action that
-- causes it, so it is never lost; a worker sends it later (app/features/outbox/). Without
-- SMTP it stays pending, visible to administrators, and goes out once SMTP is configured.
-- recipient, subject and body_text are personal data: read only through app/features/outbox/.
CREATE TABLE outbox_message (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.]{0,99}$'),
  recipient text NOT NULL,
  subject text NOT NULL,
  body_text text NOT NULL,
  -- What the message is about, e.g. ('registration', '123'), to show it next to that record.
  related_type text,
  related_id text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  -- Counted when a worker claims the message, so a message that crashes the sender still ends.
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- When the message is due; while a worker holds it, the end of that worker's lease.
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- Error codes only (e.g. 'ESOCKET ECONNREFUSED CONN'), never addresses or content.
  last_error text CHECK (length(last_error) <= 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);

-- The worker's query: due pending messages, oldest first. Sent and failed rows, which will be
-- nearly all of them, stay out of the index.
CREATE INDEX outbox_message_due_idx ON outbox_message (next_attempt_at, id) WHERE status = 'pending';
