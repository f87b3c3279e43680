/** Dutch texts of "exit this page", the safe-browsing advice and its setting. */
export const safeExitNl = {
  "safeExit.button": "Pagina snel verlaten",
  "safeExit.shortcut": "Of druk 3 keer op Shift.",
  "safeExit.adviceLink": "Veilig deze website bezoeken",
  "safeExit.shift.twoMore": "Shift. Druk nog 2 keer om de pagina te verlaten.",
  "safeExit.shift.oneMore": "Shift. Druk nog 1 keer om de pagina te verlaten.",
  "safeExit.shift.timedOut": "Snel verlaten is gestopt.",
  "safeExit.shift.leaving": "De pagina wordt verlaten.",
  "reg.step.documentTitle": "Aanmelden, stap {current} van {total}",
  "safeExit.setting.nav": "Instellingen",
  "safeExit.setting.title": "Instellingen",
  "safeExit.setting.heading": "Snel verlaten",
  "safeExit.setting.intro":
    "Op elke openbare pagina staat de knop 'Pagina snel verlaten'. Wie erop klikt, komt direct op een gewone website terecht, bijvoorbeeld een weerbericht. Hier kiest u die website.",
  "safeExit.setting.label": "Adres van de neutrale website",
  "safeExit.setting.hint":
    "Een adres dat begint met https://. Kies een website die niemand verdacht vindt, zoals het weer of het nieuws. Bezoekers gaan er pas heen als zij op de knop klikken.",
  "safeExit.setting.default": "Nu ingesteld: de standaard ({url}).",
  "safeExit.setting.current": "Nu ingesteld: {url}.",
  "safeExit.setting.save": "Opslaan",
  "safeExit.setting.saved": "Het adres is opgeslagen.",
  "safeExit.setting.required": "Vul een adres in.",
  "safeExit.setting.tooLong": "Het adres mag niet langer zijn dan 500 tekens.",
  "safeExit.setting.invalid": "Vul een volledig adres in dat begint met https://, zoals https://www.knmi.nl.",
} as const;
