-- Status updates to the referrer ("taken up", "closed"; never content), when the client asked
-- for them. The address is copied at taking up, so that the case needs no access to the
-- registration later.
ALTER TABLE mediation_case
  ADD COLUMN status_updates_to text CHECK (status_updates_to IS NULL OR length(status_updates_to) <= 254),
  ADD COLUMN status_updates_locale text CHECK (status_updates_locale IS NULL OR status_updates_locale IN ('nl', 'en'));
