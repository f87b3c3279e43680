import type { safeExitNl } from "./messages.safe-exit.nl.ts";

/** English texts of "exit this page", the safe-browsing advice and its setting. */
export const safeExitEn: Record<keyof typeof safeExitNl, string> = {
  "safeExit.button": "Exit this page",
  "safeExit.shortcut": "Or press Shift 3 times.",
  "safeExit.adviceLink": "Visiting this website safely",
  "safeExit.shift.twoMore": "Shift. Press 2 more times to exit this page.",
  "safeExit.shift.oneMore": "Shift. Press 1 more time to exit this page.",
  "safeExit.shift.timedOut": "Exit this page stopped.",
  "safeExit.shift.leaving": "Leaving this page.",
  "reg.step.documentTitle": "Registration, step {current} of {total}",
  "safeExit.setting.nav": "Settings",
  "safeExit.setting.title": "Settings",
  "safeExit.setting.heading": "Exit this page",
  "safeExit.setting.intro":
    "Every public page has an 'Exit this page' button. Whoever clicks it goes straight to an ordinary website, such as a weather forecast. Choose that website here.",
  "safeExit.setting.label": "Address of the neutral website",
  "safeExit.setting.hint":
    "An address starting with https://. Choose a website nobody finds suspicious, such as the weather or the news. Visitors only go there when they click the button.",
  "safeExit.setting.default": "Now set: the default ({url}).",
  "safeExit.setting.current": "Now set: {url}.",
  "safeExit.setting.save": "Save",
  "safeExit.setting.saved": "The address has been saved.",
  "safeExit.setting.required": "Enter an address.",
  "safeExit.setting.tooLong": "The address may be at most 500 characters long.",
  "safeExit.setting.invalid": "Enter a full address starting with https://, such as https://www.knmi.nl.",
};
