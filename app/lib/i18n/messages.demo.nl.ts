/** Dutch texts of demo mode. */
export const demoNl = {
  "demo.banner":
    "Demo: deze omgeving bevat verzonnen gegevens en demo-accounts met een openbaar wachtwoord. Gebruik haar nooit voor echte zaken.",
  "demo.login.title": "Demo-accounts",
  "demo.login.intro":
    "Deze demo heeft voor elke rol een account. Het wachtwoord is voor allemaal hetzelfde; de code voor de tweede stap ziet u op de volgende pagina, zonder authenticator-app.",
  "demo.login.password": "Wachtwoord: {password}",
  "demo.login.account": "E-mailadres",
  "demo.login.roles": "Rol",
  "demo.code.title": "Demo: de code van dit account",
  "demo.code.now":
    "De code is nu {code}. Elke 30 seconden komt er een nieuwe; vernieuw de pagina als hij niet meer werkt.",
  "auth.login.demoDisabled":
    "Demo-accounts kunnen niet meer inloggen: er is een echte beheerder. Log in met uw eigen account.",
} as const;
