import type { importNl } from "./messages.import.nl.ts";

/** English texts of the import of registrations from before Herstel. */
export const importEn: Record<keyof typeof importNl, string> = {
  "import.nav": "Import",
  "import.title": "Import registrations from before Herstel",
  "import.intro":
    "Does your service have registrations from the years before Herstel? Bring them into Herstel here, and they count in the annual figures. The file holds only the facts the figures count: no names, no contact details and no free text.",
  "import.fileLabel": "CSV file",
  "import.fileHint":
    "One line per registration, with a header line. Files up to {mb} MB can be imported through this page. Import a larger file with the command npm run import:registrations.",
  "import.skipInvalid": "Skip lines with a problem and import the other lines",
  "import.skipInvalidHint": "Without this tick, Herstel imports nothing while any line of the file has a problem.",
  "import.submit": "Import",
  "import.noFile": "Choose a CSV file.",
  "import.tooLarge": "The file is larger than {mb} MB. Import it with the command npm run import:registrations.",

  "import.report.title": "Result for {file}",
  "import.report.imported": "The file has been imported.",
  "import.report.refused": "The file has not been imported. Nothing has changed.",
  "import.report.refusedInvalid":
    "The file has not been imported, because some lines have a problem. Nothing has changed. Correct those lines, or tick “Skip lines with a problem”.",
  "import.report.nothingValid": "The file has not been imported: not a single line is free of problems.",
  "import.report.counts": "Counts",
  "import.report.rows": "Registrations in the file",
  "import.report.valid": "Without a problem",
  "import.report.invalid": "With a problem",
  "import.report.inserted": "Newly imported",
  "import.report.alreadyImported": "Imported before (not changed)",
  "import.report.agreementAdded": "Of which both_agreed was added now (it was empty)",
  "import.report.fileProblems": "What is wrong with the file",
  "import.report.invalidTitle": "Lines with a problem",
  "import.report.line": "Line",
  "import.report.externalId": "external_id",
  "import.report.reasons": "What is wrong",
  "import.report.more":
    "These are the first {shown} of the {total} lines with a problem. The command npm run import:registrations lists them all.",

  "import.format.title": "What the file looks like",
  "import.format.intro":
    "A CSV file in UTF-8, with a header line and below it one line per registration. The delimiter is a comma or a semicolon; Herstel tells which from the header line. Put a value that contains the delimiter between double quotes. Write dates as YYYY-MM-DD; they are not in the future.",
  "import.format.docs":
    "The full description, with an example file, comes with the software in the file docs/import-format.md.",
  "import.format.column": "Column",
  "import.format.meaning": "Meaning",
  "import.format.required": "Required",
  "import.format.allowed": "Values",
  "import.format.yes": "yes",
  "import.format.no": "no",
  "import.format.requiredWhen.forms": "with contact",
  "import.format.requiredWhen.no_contact_reason": "with no_contact",
  "import.format.requiredWhen.closed_on": "unless open",
  "import.format.date": "date, YYYY-MM-DD",
  "import.format.text": "text, at most 100 characters",
  "import.format.formsAllowed": "one or more of {forms}, separated by semicolons",
  "import.format.rulesTitle": "What must fit together",
  "import.format.rule.closed": "closed_on is filled in with the outcome contact or no_contact, and empty with open.",
  "import.format.rule.forms": "forms is filled in with the outcome contact, and empty otherwise.",
  "import.format.rule.reason": "no_contact_reason is filled in with the outcome no_contact, and empty otherwise.",
  "import.format.rule.referrer": "referrer_type is filled in only with channel referrer.",
  "import.format.rule.dates":
    "taken_up_on is not before received_on, and closed_on not before taken_up_on (or received_on).",
  "import.format.rule.again":
    "A line whose external_id has already been imported stays as it was. Importing the same file again therefore changes nothing.",
  "import.format.desc.external_id": "The registration's number in your earlier system",
  "import.format.desc.received_on": "Date the registration was received",
  "import.format.desc.taken_up_on": "Date the registration was taken up",
  "import.format.desc.channel":
    "How the registration came in: referrer (via a professional), self (by the people involved) or staff (entered by staff on their behalf)",
  "import.format.desc.referrer_type": "Kind of organisation that referred",
  "import.format.desc.registrant_side": "Side of the registrant: victim, offender or unknown",
  "import.format.desc.registrant_role": "Who registered",
  "import.format.desc.offence_category": "Kind of offence",
  "import.format.desc.region": "Region that handled the case",
  "import.format.desc.outcome": "Outcome: contact, no contact, or still open",
  "import.format.desc.forms": "How the parties had contact",
  "import.format.desc.no_contact_reason": "Why there was no contact",
  "import.format.desc.closed_on": "Date the registration was closed",
  "import.format.desc.both_agreed":
    "Whether both parties at some time agreed to a form of contact. The column may also be left out.",
  "import.format.agreementAllowed": "yes, no, or empty when not known",
  "import.format.rule.agreed":
    "both_agreed is not no when the outcome is contact. Empty means unknown: such a registration does not count in the contact rate of cases in which both parties agreed.",

  "import.file.not_utf8": "The file is not saved as UTF-8. Save it again as “CSV UTF-8” and try once more.",
  "import.file.empty": "The file is empty.",
  "import.file.malformed":
    "The file cannot be read from line {line} on. Probably a quotation mark there is opened but not closed.",
  "import.file.missing_columns": "These columns are missing from the header line: {columns}.",
  "import.file.unknown_columns": "Herstel does not know these columns of the header line: {columns}.",
  "import.file.duplicate_columns": "These columns appear more than once in the header line: {columns}.",
  "import.file.no_rows": "There are no registrations below the header line.",

  "import.problem.column_count": "This line has {found} columns, the header line has {expected}.",
  "import.problem.required": "{column} is empty, but it is required.",
  "import.problem.too_long": "{column} is longer than {max} characters.",
  "import.problem.invalid_date": "{column}: “{value}” is not a valid date. Write a date as YYYY-MM-DD.",
  "import.problem.future_date": "{column}: {value} is in the future.",
  "import.problem.unknown_value": "{column}: Herstel does not know “{value}”. Possible values: {allowed}.",
  "import.problem.date_order": "{column}: {value} is before {after}.",
  "import.problem.closed_on_required": "closed_on is empty, but the outcome {outcome} needs a closing date.",
  "import.problem.closed_on_not_open":
    "closed_on is filled in, but the outcome is open. An open registration is not closed yet.",
  "import.problem.forms_required": "forms is empty, but the outcome is contact. Name at least one form of contact.",
  "import.problem.forms_without_contact":
    "forms is filled in, but the outcome is {outcome}. Forms of contact belong only with the outcome contact.",
  "import.problem.contact_without_agreement":
    "both_agreed is no, but the outcome is contact. Contact needs both parties' agreement: fill in yes or leave it empty.",
  "import.problem.reason_required": "no_contact_reason is empty, but the outcome is no_contact. Give the reason.",
  "import.problem.reason_without_no_contact":
    "no_contact_reason is filled in, but the outcome is {outcome}. A reason belongs only with the outcome no_contact.",
  "import.problem.referrer_type_without_referrer":
    "referrer_type is filled in, but channel is not referrer. A kind of referrer belongs only with a registration via a referrer.",
  "import.problem.duplicate_external_id": "external_id also appears on line {line}.",
};
