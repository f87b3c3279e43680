-- The embedded database (PGlite) has no autovacuum: nothing removes the dead rows that updates
-- and deletes leave behind, so tables that are emptied over and over (the figures' list of
-- changed registrations, drafts, rate-limit windows) keep growing on disk and every scan of them
-- reads the dead rows too. There the app vacuums its tables itself (a daily job and after an
-- import), for which its role needs MAINTAIN (PostgreSQL 17 and later). A PostgreSQL server keeps
-- its own autovacuum and grants nothing here.
DO $$
BEGIN
  IF version() LIKE '%PGlite%' THEN
    EXECUTE 'GRANT MAINTAIN ON ALL TABLES IN SCHEMA public TO herstel_app';
    EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT MAINTAIN ON TABLES TO herstel_app';
  END IF;
END
$$;
