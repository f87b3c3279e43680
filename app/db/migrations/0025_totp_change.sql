-- Changing the second factor (issue 13, SECURITY.md 12): a new authenticator is set up next to the
-- old one, which stays in force until the new one has given a correct code.
ALTER TABLE staff_user ADD COLUMN totp_pending_enc text;
ALTER TABLE staff_user ADD COLUMN totp_pending_at timestamptz;
