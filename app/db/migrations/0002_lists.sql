-- Configurable lists (administrators will edit them; these are the defaults from DOMAIN.md).
-- Codes are stable identifiers used in data and statistics; labels may change.
CREATE TABLE list_item (
  list text NOT NULL CHECK (list ~ '^[a-z_]+$'),
  code text NOT NULL CHECK (code ~ '^[a-z][a-z0-9_]{0,49}$'),
  label_nl text NOT NULL CHECK (length(label_nl) BETWEEN 1 AND 200),
  label_en text NOT NULL CHECK (length(label_en) BETWEEN 1 AND 200),
  position integer NOT NULL,
  active boolean NOT NULL DEFAULT true,
  PRIMARY KEY (list, code)
);

INSERT INTO list_item (list, code, label_nl, label_en, position) VALUES
  ('offence_category', 'violence', 'Geweld', 'Violence', 10),
  ('offence_category', 'sexual_offence', 'Zedendelict', 'Sexual offence', 20),
  ('offence_category', 'homicide', 'Levensdelict', 'Homicide', 30),
  ('offence_category', 'traffic', 'Verkeersongeval of verkeersdelict', 'Traffic accident or offence', 40),
  ('offence_category', 'property', 'Inbraak, diefstal of ander vermogensdelict', 'Burglary, theft or other property crime', 50),
  ('offence_category', 'robbery', 'Overval of beroving', 'Robbery or mugging', 60),
  ('offence_category', 'threats_stalking', 'Bedreiging of stalking', 'Threats or stalking', 70),
  ('offence_category', 'domestic_violence', 'Huiselijk geweld', 'Domestic violence', 80),
  ('offence_category', 'vandalism', 'Vernieling', 'Vandalism', 90),
  ('offence_category', 'other', 'Iets anders', 'Something else', 100),

  ('case_phase', 'no_report_unknown', 'Geen aangifte gedaan, of onbekend', 'No police report, or unknown', 10),
  ('case_phase', 'investigation', 'De politie onderzoekt de zaak', 'The police are investigating', 20),
  ('case_phase', 'prosecution_pending', 'Wacht op de rechtszaak', 'Waiting for the trial', 30),
  ('case_phase', 'after_verdict', 'Na de uitspraak van de rechter', 'After the verdict', 40),
  ('case_phase', 'during_detention', 'De dader zit in detentie', 'The offender is in detention', 50),
  ('case_phase', 'after_release', 'Na vrijlating', 'After release', 60),
  ('case_phase', 'dismissed_settled', 'Geseponeerd of buiten de rechter om afgedaan', 'Dismissed or settled out of court', 70),
  ('case_phase', 'other', 'Anders of weet ik niet', 'Other, or I do not know', 80),

  ('referrer_type', 'victim_support', 'Slachtofferhulp Nederland', 'Victim Support Netherlands', 10),
  ('referrer_type', 'child_protection_board', 'Raad voor de Kinderbescherming', 'Child Protection Board', 20),
  ('referrer_type', 'probation', 'Reclassering', 'Probation service', 30),
  ('referrer_type', 'prison', 'Penitentiaire inrichting (DJI)', 'Prison (DJI)', 40),
  ('referrer_type', 'youth_custody', 'Justitiële jeugdinrichting', 'Youth custody institution', 50),
  ('referrer_type', 'police', 'Politie', 'Police', 60),
  ('referrer_type', 'prosecution', 'Openbaar Ministerie', 'Public Prosecution Service', 70),
  ('referrer_type', 'lawyer', 'Advocatuur', 'Lawyer', 80),
  ('referrer_type', 'youth_care', 'Jeugdzorg of jeugdbescherming', 'Youth care or youth protection', 90),
  ('referrer_type', 'health_care', 'Huisarts, psycholoog of ggz', 'GP, psychologist or mental-health care', 100),
  ('referrer_type', 'municipality', 'Gemeente of sociaal wijkteam', 'Municipality or social district team', 110),
  ('referrer_type', 'other', 'Andere organisatie', 'Other organisation', 120),

  ('no_contact_reason', 'other_party_declines', 'De andere partij wil geen contact', 'The other party does not want contact', 10),
  ('no_contact_reason', 'other_party_unreachable', 'De andere partij is niet bereikbaar of niet te vinden', 'The other party cannot be reached or found', 20),
  ('no_contact_reason', 'registrant_withdraws', 'De aanmelder trekt zich terug', 'The registrant withdraws', 30),
  ('no_contact_reason', 'not_suitable', 'Niet geschikt (risico, veiligheid)', 'Not suitable (risk, safety)', 40),
  ('no_contact_reason', 'no_contact_needed', 'Geen contact meer nodig', 'No contact needed', 50),
  ('no_contact_reason', 'other', 'Anders', 'Other', 60);
