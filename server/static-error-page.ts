/**
 * The page shown when an error happens outside the React app (which has its own error
 * pages). Both languages, since the language choice may be what failed. No stack trace.
 */
export function renderStaticErrorPage(requestId: unknown, nonce: unknown): string {
  const safeNonce = typeof nonce === "string" && /^[A-Za-z0-9+/=]+$/.test(nonce) ? nonce : "";
  const id = typeof requestId === "string" && /^[A-Za-z0-9._-]+$/.test(requestId) ? requestId : "";
  return `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Er ging iets mis – Herstelbemiddeling</title>
<style nonce="${safeNonce}">body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.6;color:#1c2526}</style>
</head>
<body>
<main>
<h1>Er ging iets mis aan onze kant</h1>
<p>Het spijt ons. Probeer het over een paar minuten opnieuw.</p>
<p lang="en">Something went wrong on our side. We are sorry. Please try again in a few minutes.</p>
${id ? `<p>Foutcode / error code: <code>${id}</code></p>` : ""}
<p><a href="/">Naar de startpagina / Home page</a></p>
</main>
</body>
</html>`;
}
