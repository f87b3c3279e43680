/**
 * Generated registrations for the annual figures, set-based in SQL so that a million take
 * minutes, not hours: used by the benchmark (bench/statistics.ts) and, with a few thousand, by
 * statistics-performance.int.test.ts. Runs as the owner on a migrated, otherwise empty database.
 */
export const FIRST_YEAR = 2007;
export const LAST_YEAR = 2026;
/** Registrations before this day are imported history; from it on they are worked in the app. */
export const APP_FROM = "2015-01-01";
/** "Today" for the data: nothing happens after it, so recent cases are still open. */
export const NOW = "2026-11-30 12:00:00+00";

const FORMS = "ARRAY['conversation', 'letter_exchange', 'shuttle', 'video_message', 'group_conference']";
const REFERRERS = `ARRAY['victim_support', 'victim_support', 'victim_support', 'probation', 'probation', 'police',
  'police', 'prosecution', 'prison', 'child_protection_board', 'youth_care', 'lawyer', 'health_care', 'municipality',
  'youth_custody', 'other']`;
const REASONS = `ARRAY['other_party_declines', 'other_party_declines', 'other_party_declines',
  'other_party_unreachable', 'other_party_unreachable', 'registrant_withdraws', 'not_suitable', 'no_contact_needed',
  'other']`;

/**
 * The data set, all in SQL. One plan row per registration: received evenly over the 20 years
 * (at any hour of the day, so some fall on the next day in Dutch time), 86% taken up after a
 * few days to weeks, 90% of those with a first conversation; of the cases 42% end with contact
 * (one to three contact moments, mostly with both parties' consent), 56% without (with a
 * reason), 2% are never closed. Cases close 45 to 545 days after taking up, so the last year's
 * cases are mostly still open. Before 2015 the same plan becomes imported history.
 */
export function statisticsDataSql(n: number): string {
  return `
SELECT setseed(0.2026);
INSERT INTO staff_user (email, display_name, status, created_at)
SELECT format('mediator%s@bench.example', k), format('Mediator %s', k), 'active', now() FROM generate_series(1, 150) k;
INSERT INTO staff_role (user_id, role) SELECT id, 'mediator' FROM staff_user WHERE email LIKE '%@bench.example';
CREATE TEMP TABLE bench_region AS
SELECT id, row_number() OVER (ORDER BY id) AS k,
       CASE code WHEN 'noord' THEN 0.12 WHEN 'oost' THEN 0.20 WHEN 'midden' THEN 0.16 WHEN 'west' THEN 0.32 ELSE 0.20 END AS weight
FROM region WHERE code IN ('noord', 'oost', 'midden', 'west', 'zuid');
ALTER TABLE bench_region ADD COLUMN upto numeric;
UPDATE bench_region b SET upto = (SELECT sum(weight) FROM bench_region x WHERE x.k <= b.k);
INSERT INTO staff_region (user_id, region_id)
SELECT u.id, r.id FROM staff_user u JOIN bench_region r ON r.k = (substring(u.email FROM '[0-9]+')::int - 1) / 30 + 1
WHERE u.email LIKE '%@bench.example';
CREATE TEMP TABLE bench_mediator AS
SELECT sr.region_id, row_number() OVER (PARTITION BY sr.region_id ORDER BY u.id) - 1 AS k, u.id AS user_id
FROM staff_user u JOIN staff_region sr ON sr.user_id = u.id WHERE u.email LIKE '%@bench.example';

CREATE TEMP TABLE bench_plan AS
SELECT i, received_at,
  (received_at AT TIME ZONE 'Europe/Amsterdam')::date AS received_on,
  (SELECT id FROM bench_region WHERE upto >= r_region ORDER BY upto LIMIT 1) AS region_id,
  r_region < 0.04 AS region_unknown,
  CASE WHEN r_off < 0.27 THEN 'violence' WHEN r_off < 0.40 THEN 'property' WHEN r_off < 0.50 THEN 'traffic'
       WHEN r_off < 0.60 THEN 'threats_stalking' WHEN r_off < 0.70 THEN 'domestic_violence'
       WHEN r_off < 0.77 THEN 'robbery' WHEN r_off < 0.87 THEN 'sexual_offence' WHEN r_off < 0.93 THEN 'vandalism'
       WHEN r_off < 0.96 THEN 'homicide' ELSE 'other' END AS offence,
  CASE WHEN r_chan < 0.72 THEN 'referrer' WHEN r_chan < 0.95 THEN 'self' ELSE 'staff' END AS submitted_by,
  (${REFERRERS})[1 + floor(r_ref * 16)::int] AS referrer_type,
  CASE WHEN r_side < 0.45 THEN 'victim' WHEN r_side < 0.97 THEN 'offender' ELSE 'unknown' END AS side,
  CASE WHEN r_side >= 0.97 THEN 'other'
       WHEN r_side < 0.45 THEN (CASE WHEN r_role < 0.86 THEN 'victim' WHEN r_role < 0.95 THEN 'bereaved' ELSE 'witness' END)
       ELSE (CASE WHEN r_role < 0.92 THEN 'offender' ELSE 'relative' END) END AS role,
  CASE WHEN r_take < 0.86 THEN received_at + (1 + floor(r_tdays * r_tdays * 60)) * interval '1 day' END AS taken_up_at,
  CASE WHEN r_fc < 0.90 THEN 3 + floor(r_fcd * 40)::int END AS fc_days,
  CASE WHEN r_out < 0.42 THEN 'contact' WHEN r_out < 0.98 THEN 'no_contact' ELSE 'never' END AS outcome,
  45 + floor(r_close * r_close * 500)::int AS close_days,
  floor(r_f1 * r_f1 * 5)::int AS f1,
  CASE WHEN r_f2 < 0.25 THEN floor(r_f2 * 20)::int END AS f2,
  r_c1, r_c2, r_c3,
  (${REASONS})[1 + floor(r_reason * 9)::int] AS reason,
  r_consent,
  floor(r_lead * 30)::int AS lead_k,
  CASE WHEN r_co < 0.35 THEN (floor(r_lead * 30)::int + 1 + floor(r_co * 80)::int) % 30 END AS co_k
FROM (
  SELECT i, random() AS r_region, random() AS r_off, random() AS r_chan, random() AS r_ref, random() AS r_side,
    random() AS r_role, random() AS r_take, random() AS r_tdays, random() AS r_fc, random() AS r_fcd, random() AS r_out,
    random() AS r_close, random() AS r_f1, random() AS r_f2, random() AS r_c1, random() AS r_c2, random() AS r_c3,
    random() AS r_reason, random() AS r_consent, random() AS r_lead, random() AS r_co,
    timestamptz '${FIRST_YEAR}-01-01 07:00+00' + floor((i - 1)::float8 * 7273 / ${n}) * interval '1 day'
      + random() * interval '16 hours' AS received_at
  FROM generate_series(1, ${n}) i
) g;
-- What happened by "now": taken up, first conversation, contact moments (days after taking up), closed.
CREATE TEMP TABLE bench_reg AS
SELECT p.*, row_number() OVER (PARTITION BY extract(year FROM received_on) ORDER BY i) AS number_in_year,
  (taken_up_at AT TIME ZONE 'Europe/Amsterdam')::date AS taken_up_on,
  CASE WHEN outcome = 'contact' THEN 15 + floor(r_c1 * (close_days - 15) * 0.6)::int END AS c1_days,
  CASE WHEN taken_up_at IS NOT NULL AND outcome <> 'never' AND taken_up_at + close_days * interval '1 day' < timestamptz '${NOW}'
       THEN taken_up_at + close_days * interval '1 day' END AS closed_at
FROM bench_plan p;
ALTER TABLE bench_reg ADD COLUMN c2_days int, ADD COLUMN c3_days int;
UPDATE bench_reg SET c2_days = c1_days + floor(r_c2 * (close_days - c1_days))::int,
  c3_days = CASE WHEN r_c3 < 0.3 THEN c1_days + floor(r_c3 * (close_days - c1_days))::int END
WHERE c1_days IS NOT NULL;
DROP TABLE bench_plan;

-- Imported history: the registrations before ${APP_FROM}.
INSERT INTO historic_registration (external_id, received_on, taken_up_on, submitted_by, referrer_type, registrant_side,
  registrant_role, offence_category, region_id, outcome, forms, no_contact_reason, closed_on, imported_at, imported_from)
SELECT format('OUD-%s', i), received_on, taken_up_on, submitted_by,
  CASE WHEN submitted_by = 'referrer' THEN referrer_type END, side, role, offence,
  CASE WHEN NOT region_unknown THEN region_id END,
  CASE WHEN closed_at IS NULL THEN 'open' ELSE outcome END,
  CASE WHEN closed_at IS NULL OR outcome <> 'contact' THEN '{}'::text[]
       WHEN f2 IS NULL OR f2 = f1 THEN ARRAY[(${FORMS})[f1 + 1]]
       ELSE ARRAY[(${FORMS})[least(f1, f2) + 1], (${FORMS})[greatest(f1, f2) + 1]] END,
  CASE WHEN closed_at IS NOT NULL AND outcome = 'no_contact' THEN reason END,
  CASE WHEN closed_at IS NOT NULL THEN greatest((closed_at AT TIME ZONE 'Europe/Amsterdam')::date, taken_up_on) END,
  timestamptz '2025-01-15 10:00+00', 'bench.csv'
FROM bench_reg WHERE received_on < date '${APP_FROM}';
DELETE FROM bench_reg WHERE received_on < date '${APP_FROM}';

-- Registrations in the app; the registration id is the plan's number, and so is its case's.
INSERT INTO registration (id, reference, idempotency_key, received_at, channel, submitted_by, registrant_role,
  registrant_side, offence_category, referrer_type, locale, status, form_version, answers, region_id)
OVERRIDING SYSTEM VALUE
SELECT i, format('HB-%s-%s', extract(year FROM received_on), lpad(number_in_year::text, 6, '0')), md5(i::text)::uuid,
  received_at, CASE submitted_by WHEN 'self' THEN 'web' WHEN 'referrer' THEN 'email' ELSE 'phone' END, submitted_by, role,
  side, offence, CASE WHEN submitted_by = 'referrer' THEN referrer_type END, 'nl',
  CASE WHEN taken_up_at IS NOT NULL AND taken_up_at < timestamptz '${NOW}' THEN 'taken_up'
       WHEN received_at < timestamptz '${NOW}' - interval '90 days' THEN 'closed' ELSE 'received' END,
  1, NULL, CASE WHEN NOT region_unknown OR taken_up_at IS NOT NULL THEN region_id END
FROM bench_reg;
SELECT setval(pg_get_serial_sequence('registration', 'id'), (SELECT max(id) FROM registration));
DELETE FROM bench_reg WHERE taken_up_at IS NULL OR taken_up_at >= timestamptz '${NOW}';

INSERT INTO mediation_case (id, reference, registration_id, region_id, offence_category, step, taken_up_at,
  first_conversation_due, closed_at, closed_from, no_contact_reason, chosen_forms, outcome_contact, outcome_recorded_at)
SELECT i, format('HB-%s-%s', extract(year FROM received_on), lpad(number_in_year::text, 6, '0')), i, region_id, offence,
  CASE WHEN closed_at IS NOT NULL THEN 'closed'
       WHEN c1_days IS NOT NULL AND taken_up_on + c1_days <= date '${NOW}' THEN 'contact'
       WHEN fc_days IS NOT NULL AND taken_up_on + fc_days <= date '${NOW}' THEN 'approaching_other_party'
       ELSE 'taken_up' END,
  taken_up_at, taken_up_on + 14, closed_at,
  CASE WHEN closed_at IS NOT NULL THEN (CASE WHEN outcome = 'contact' THEN 'aftercare' ELSE 'approaching_other_party' END) END,
  CASE WHEN closed_at IS NOT NULL AND outcome = 'no_contact' THEN reason END,
  CASE WHEN outcome = 'contact' THEN ARRAY[(${FORMS})[f1 + 1]] ELSE '{}'::text[] END,
  CASE WHEN closed_at IS NOT NULL THEN outcome = 'contact' END, closed_at
FROM bench_reg;
SELECT setval(pg_get_serial_sequence('mediation_case', 'id'), (SELECT max(id) FROM mediation_case));

INSERT INTO case_assignment (case_id, user_id, role, no_conflict_declared_at, assigned_at)
SELECT b.i, m.user_id, 'lead', b.taken_up_at, b.taken_up_at
FROM bench_reg b JOIN bench_mediator m ON m.region_id = b.region_id AND m.k = b.lead_k
UNION ALL
SELECT b.i, m.user_id, 'co_mediator', b.taken_up_at, b.taken_up_at
FROM bench_reg b JOIN bench_mediator m ON m.region_id = b.region_id AND m.k = b.co_k;

-- Two parties per case: id 2i - 1 the registrant, 2i the other party.
INSERT INTO case_party (id, case_id, side, role, display_name, created_at)
OVERRIDING SYSTEM VALUE
SELECT 2 * b.i - (p.role = 'registrant')::int, b.i,
  CASE WHEN (p.role = 'registrant') = (b.side <> 'offender') THEN 'victim' ELSE 'offender' END, p.role,
  CASE p.role WHEN 'registrant' THEN 'Aanmelder' ELSE 'Andere partij' END, b.taken_up_at
FROM bench_reg b CROSS JOIN (VALUES ('registrant'), ('other_party')) p(role);
SELECT setval(pg_get_serial_sequence('case_party', 'id'), (SELECT max(id) FROM case_party));

-- Activities: a call the day after taking up (60%), the first conversation, contact moments.
INSERT INTO case_activity (case_id, kind, party_id, contact_form, occurred_on, minutes, recorded_at)
SELECT case_id, kind, party_id, contact_form, occurred_on, 30, occurred_on + time '17:00'
FROM (
  SELECT i AS case_id, 'call' AS kind, 2 * i - 1 AS party_id, NULL AS contact_form, taken_up_on + 1 AS occurred_on
  FROM bench_reg WHERE r_c3 < 0.6
  UNION ALL
  SELECT i, 'first_conversation', 2 * i - 1, NULL, taken_up_on + fc_days FROM bench_reg WHERE fc_days IS NOT NULL
  UNION ALL
  SELECT i, 'contact_moment', NULL, (${FORMS})[f1 + 1], taken_up_on + c1_days FROM bench_reg WHERE c1_days IS NOT NULL
  UNION ALL
  SELECT i, 'contact_moment', NULL, (${FORMS})[coalesce(f2, f1) + 1], taken_up_on + c2_days
  FROM bench_reg WHERE c2_days IS NOT NULL AND (f2 IS NOT NULL OR r_c2 < 0.3)
  UNION ALL
  SELECT i, 'contact_moment', NULL, (${FORMS})[f1 + 1], taken_up_on + c3_days FROM bench_reg WHERE c3_days IS NOT NULL
) a
WHERE occurred_on <= date '${NOW}';

-- Consents: the registrant to processing; to a form of contact both parties in most cases with
-- contact, sometimes one party or both in cases without, and now and then one party withdraws.
INSERT INTO case_consent (case_id, party_id, purpose, contact_form, given, method, recorded_at)
SELECT case_id, party_id, purpose, contact_form, given, 'written', recorded_at
FROM (
  SELECT i AS case_id, 2 * i - 1 AS party_id, 'processing' AS purpose, NULL AS contact_form, true AS given,
    taken_up_at AS recorded_at
  FROM bench_reg
  UNION ALL
  SELECT i, 2 * i - k, 'contact_form', (${FORMS})[f1 + 1], true, taken_up_at + (coalesce(c1_days, close_days / 3) - 5 + k) * interval '1 day'
  FROM bench_reg CROSS JOIN (VALUES (0), (1)) party(k)
  WHERE (c1_days IS NOT NULL AND (r_consent < 0.97 OR k = 1)) OR (c1_days IS NULL AND r_consent < 0.35 AND (r_consent < 0.12 OR k = 1))
  UNION ALL
  SELECT i, 2 * i, 'contact_form', (${FORMS})[f1 + 1], false, taken_up_at + close_days / 2 * interval '1 day'
  FROM bench_reg WHERE c1_days IS NULL AND r_consent < 0.06
) c
WHERE recorded_at < timestamptz '${NOW}';
DROP TABLE bench_reg, bench_mediator, bench_region;
ANALYZE;
`;
}
