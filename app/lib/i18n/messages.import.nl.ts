/** Dutch texts of the import of registrations from before Herstel (page and command line reasons). */
export const importNl = {
  "import.nav": "Importeren",
  "import.title": "Aanmeldingen van vóór Herstel importeren",
  "import.intro":
    "Heeft uw dienst aanmeldingen uit de jaren voor Herstel? Zet ze hier in Herstel, dan tellen ze mee in de jaarcijfers. Het bestand bevat alleen de feiten die de cijfers tellen: geen namen, geen contactgegevens en geen vrije tekst.",
  "import.fileLabel": "CSV-bestand",
  "import.fileHint":
    "Eén regel per aanmelding, met een kopregel. Via deze pagina kan een bestand tot {mb} MB. Een groter bestand importeert u met het commando npm run import:registrations.",
  "import.skipInvalid": "Regels met een fout overslaan en de andere regels importeren",
  "import.skipInvalidHint":
    "Zonder dit vinkje importeert Herstel niets zolang er één regel met een fout in het bestand staat.",
  "import.submit": "Importeren",
  "import.noFile": "Kies een CSV-bestand.",
  "import.tooLarge": "Het bestand is groter dan {mb} MB. Importeer het met het commando npm run import:registrations.",

  "import.report.title": "Resultaat van {file}",
  "import.report.imported": "Het bestand is geïmporteerd.",
  "import.report.refused": "Het bestand is niet geïmporteerd. Er is niets veranderd.",
  "import.report.refusedInvalid":
    "Het bestand is niet geïmporteerd, want er staan regels met een fout in. Er is niets veranderd. Verbeter die regels, of vink „Regels met een fout overslaan” aan.",
  "import.report.nothingValid": "Het bestand is niet geïmporteerd: geen enkele regel is zonder fout.",
  "import.report.counts": "Aantallen",
  "import.report.rows": "Aanmeldingen in het bestand",
  "import.report.valid": "Zonder fout",
  "import.report.invalid": "Met een fout",
  "import.report.inserted": "Nieuw geïmporteerd",
  "import.report.alreadyImported": "Al eerder geïmporteerd (niet veranderd)",
  "import.report.agreementAdded": "Waarvan nu aangevuld met both_agreed (stond nog leeg)",
  "import.report.fileProblems": "Wat er niet klopt aan het bestand",
  "import.report.invalidTitle": "Regels met een fout",
  "import.report.line": "Regel",
  "import.report.externalId": "external_id",
  "import.report.reasons": "Wat er niet klopt",
  "import.report.more":
    "Hier staan de eerste {shown} van de {total} regels met een fout. Het commando npm run import:registrations toont ze allemaal.",

  "import.format.title": "Hoe het bestand eruitziet",
  "import.format.intro":
    "Een CSV-bestand in UTF-8, met een kopregel en daaronder één regel per aanmelding. Het scheidingsteken is een komma of een puntkomma; Herstel ziet aan de kopregel welke. Een waarde met een scheidingsteken erin zet u tussen dubbele aanhalingstekens. Datums schrijft u als JJJJ-MM-DD en ze liggen niet in de toekomst.",
  "import.format.docs":
    "De volledige beschrijving, met een voorbeeldbestand, staat bij de software in het bestand docs/import-format.md.",
  "import.format.column": "Kolom",
  "import.format.meaning": "Betekenis",
  "import.format.required": "Verplicht",
  "import.format.allowed": "Waarden",
  "import.format.yes": "ja",
  "import.format.no": "nee",
  "import.format.requiredWhen.forms": "bij contact",
  "import.format.requiredWhen.no_contact_reason": "bij no_contact",
  "import.format.requiredWhen.closed_on": "tenzij open",
  "import.format.date": "datum, JJJJ-MM-DD",
  "import.format.text": "tekst, hoogstens 100 tekens",
  "import.format.formsAllowed": "een of meer van {forms}, gescheiden door een puntkomma",
  "import.format.rulesTitle": "Wat bij elkaar moet passen",
  "import.format.rule.closed": "closed_on is ingevuld bij de uitkomst contact of no_contact, en leeg bij open.",
  "import.format.rule.forms": "forms is ingevuld bij de uitkomst contact, en anders leeg.",
  "import.format.rule.reason": "no_contact_reason is ingevuld bij de uitkomst no_contact, en anders leeg.",
  "import.format.rule.referrer": "referrer_type vult u alleen in bij channel referrer.",
  "import.format.rule.dates":
    "taken_up_on ligt niet vóór received_on, en closed_on niet vóór taken_up_on (of received_on).",
  "import.format.rule.again":
    "Een regel met een external_id die al geïmporteerd is, blijft zoals hij was. Hetzelfde bestand nog eens importeren verandert dus niets.",
  "import.format.desc.external_id": "Het nummer van de aanmelding in uw vorige systeem",
  "import.format.desc.received_on": "Datum waarop de aanmelding binnenkwam",
  "import.format.desc.taken_up_on": "Datum waarop de aanmelding in behandeling is genomen",
  "import.format.desc.channel":
    "Hoe de aanmelding binnenkwam: referrer (via een professional), self (door de betrokkenen zelf) of staff (door een medewerker namens hen ingevoerd)",
  "import.format.desc.referrer_type": "Soort organisatie van de verwijzer",
  "import.format.desc.registrant_side": "Kant van de aanmelder: slachtoffer, dader of onbekend",
  "import.format.desc.registrant_role": "Wie zich aanmeldde",
  "import.format.desc.offence_category": "Soort delict",
  "import.format.desc.region": "Regio die de zaak behandelde",
  "import.format.desc.outcome": "Uitkomst: contact, geen contact, of nog open",
  "import.format.desc.forms": "Hoe de partijen contact hadden",
  "import.format.desc.no_contact_reason": "Waarom er geen contact kwam",
  "import.format.desc.closed_on": "Datum waarop de aanmelding is afgesloten",
  "import.format.desc.both_agreed":
    "Of beide partijen ooit instemden met een vorm van contact. Deze kolom mag ook ontbreken.",
  "import.format.agreementAllowed": "yes, no, of leeg als het niet bekend is",
  "import.format.rule.agreed":
    "both_agreed is niet no bij de uitkomst contact. Leeg betekent onbekend: zo'n aanmelding telt niet mee in het contactpercentage van zaken waarin beide partijen instemden.",

  "import.file.not_utf8":
    "Het bestand is niet als UTF-8 opgeslagen. Sla het opnieuw op als „CSV UTF-8” en probeer het nog eens.",
  "import.file.empty": "Het bestand is leeg.",
  "import.file.malformed":
    "Het bestand is vanaf regel {line} niet te lezen. Waarschijnlijk staat daar een aanhalingsteken dat niet wordt gesloten.",
  "import.file.missing_columns": "Deze kolommen ontbreken in de kopregel: {columns}.",
  "import.file.unknown_columns": "Deze kolommen in de kopregel kent Herstel niet: {columns}.",
  "import.file.duplicate_columns": "Deze kolommen staan meer dan eens in de kopregel: {columns}.",
  "import.file.no_rows": "Onder de kopregel staan geen aanmeldingen.",

  "import.problem.column_count": "Deze regel heeft {found} kolommen, de kopregel heeft er {expected}.",
  "import.problem.required": "{column} is leeg, maar is verplicht.",
  "import.problem.too_long": "{column} is langer dan {max} tekens.",
  "import.problem.invalid_date": "{column}: „{value}” is geen geldige datum. Schrijf een datum als JJJJ-MM-DD.",
  "import.problem.future_date": "{column}: {value} ligt in de toekomst.",
  "import.problem.unknown_value": "{column}: „{value}” kent Herstel niet. Mogelijk zijn: {allowed}.",
  "import.problem.date_order": "{column}: {value} ligt vóór {after}.",
  "import.problem.closed_on_required":
    "closed_on is leeg, maar bij de uitkomst {outcome} hoort een datum van afsluiten.",
  "import.problem.closed_on_not_open":
    "closed_on is ingevuld, maar de uitkomst is open. Een open aanmelding is nog niet afgesloten.",
  "import.problem.forms_required": "forms is leeg, maar de uitkomst is contact. Noem minstens één contactvorm.",
  "import.problem.forms_without_contact":
    "forms is ingevuld, maar de uitkomst is {outcome}. Contactvormen horen alleen bij de uitkomst contact.",
  "import.problem.contact_without_agreement":
    "both_agreed is no, maar de uitkomst is contact. Contact kan alleen als beide partijen instemden: vul yes in of laat het leeg.",
  "import.problem.reason_required": "no_contact_reason is leeg, maar de uitkomst is no_contact. Noem de reden.",
  "import.problem.reason_without_no_contact":
    "no_contact_reason is ingevuld, maar de uitkomst is {outcome}. Een reden hoort alleen bij de uitkomst no_contact.",
  "import.problem.referrer_type_without_referrer":
    "referrer_type is ingevuld, maar channel is niet referrer. Een soort verwijzer hoort alleen bij een aanmelding via een verwijzer.",
  "import.problem.duplicate_external_id": "external_id staat ook al op regel {line}.",
} as const;
