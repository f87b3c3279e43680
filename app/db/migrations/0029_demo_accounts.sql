-- Demo accounts made safe (issue 13): they are marked as such, so that they cannot sign in once a
-- real administrator exists (unless demo mode is on), and a database that holds demo data says
-- so on every page and refuses to start in production. Demo databases made before this migration
-- are recognised by their accounts' addresses.
ALTER TABLE staff_user ADD COLUMN is_demo boolean NOT NULL DEFAULT false;
UPDATE staff_user SET is_demo = true WHERE email LIKE '%@demo.herstel.example';
INSERT INTO app_setting (key, value)
SELECT 'demo.database', 'true'::jsonb WHERE EXISTS (SELECT 1 FROM staff_user WHERE is_demo)
ON CONFLICT (key) DO NOTHING;
