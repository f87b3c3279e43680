/**
 * The page shown when an error happens outside the React app (which has its own error
 * pages). Both languages, since the language choice may be what failed. No stack trace.
 */
const TEXTS = {
  server: {
    title: "Er ging iets mis aan onze kant",
    nl: "Het spijt ons. Probeer het over een paar minuten opnieuw.",
    en: "Something went wrong on our side. We are sorry. Please try again in a few minutes.",
  },
  "too-large": {
    title: "Dit is te veel om in één keer te versturen",
    nl: "Wat u wilt versturen is groter dan wij aannemen. Maak teksten korter en probeer het opnieuw.",
    en: "What you tried to send is larger than we accept. Please shorten the texts and try again.",
  },
  "bad-request": {
    title: "Dit adres of verzoek klopt niet",
    nl: "Het adres of wat uw browser meestuurde kunnen wij niet lezen. Controleer het adres of begin opnieuw op de startpagina.",
    en: "We cannot read the address or what your browser sent. Please check the address or start again from the home page.",
  },
  https: {
    title: "Gebruik een beveiligde verbinding",
    nl: "Deze dienst werkt alleen via https. Open het adres met https:// ervoor.",
    en: "This service only works over https. Please open the address with https:// in front.",
  },
  busy: {
    title: "Het is nu erg druk",
    nl: "Er zijn nu heel veel mensen tegelijk op deze website. Wat u al had opgeslagen, blijft bewaard. Wacht een halve minuut. Ga dan terug in uw browser en verstuur de pagina opnieuw, of open de pagina opnieuw.",
    en: "Very many people are using this website right now. Everything you had already saved is kept. Please wait half a minute, then go back in your browser and send the page again, or open the page again.",
  },
  length: {
    title: "Het verzoek kon niet worden gelezen",
    nl: "Uw browser stuurde het formulier op een manier die wij niet aannemen. Probeer het opnieuw.",
    en: "Your browser sent the form in a way we do not accept. Please try again.",
  },
} as const;

export function renderStaticErrorPage(
  requestId: unknown,
  nonce: unknown,
  kind: keyof typeof TEXTS = "server",
  /** A page of this site to offer again (the busy page: the page the person asked for). */
  retryPath?: string,
): string {
  const text = TEXTS[kind];
  const retry = retryPath && /^\/[A-Za-z0-9/_.-]{0,200}$/.test(retryPath) ? retryPath : "";
  const safeNonce = typeof nonce === "string" && /^[A-Za-z0-9+/=]+$/.test(nonce) ? nonce : "";
  const id = typeof requestId === "string" && /^[A-Za-z0-9._-]+$/.test(requestId) ? requestId : "";
  return `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text.title} – Herstelbemiddeling</title>
<style nonce="${safeNonce}">body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.6;color:#1c2526}</style>
</head>
<body>
<main>
<h1>${text.title}</h1>
<p>${text.nl}</p>
<p lang="en">${text.en}</p>
${id ? `<p>Foutcode / error code: <code>${id}</code></p>` : ""}
${retry ? `<p><a href="${retry}">Opnieuw proberen / Try again</a></p>` : ""}
<p><a href="/">Naar de startpagina / Home page</a></p>
</main>
</body>
</html>`;
}
