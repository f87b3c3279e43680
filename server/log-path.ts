/**
 * The path as written to the access log. Paths carry secrets and ids: the set-up and reset links
 * (`/account/activeren/<token>`, `/wachtwoord-herstellen/<token>`), case and file numbers, and
 * whatever a visitor types. Only short lowercase words (the site's own route names and page
 * slugs) are kept; a number becomes `:id` and anything else `:value`.
 */
const WORD = /^[a-z_][a-z0-9_-]{0,39}$/;
/** React Router's data requests add `.data` to the page's path (`/_root.data` for the home page). */
const DATA_SUFFIX = ".data";
const NUMBER = /^\d{1,20}$/;
/** Fingerprinted asset files (`entry.client-AbC12_x.js`): safe to log whole, and useful. */
const ASSET = /^[A-Za-z0-9._-]{1,80}\.(js|css|woff2?|png|svg|ico|webmanifest)$/;

export function loggedPath(path: string): string {
  if (path.endsWith(DATA_SUFFIX) && path.length > DATA_SUFFIX.length + 1) {
    return `${loggedPath(path.slice(0, -DATA_SUFFIX.length))}${DATA_SUFFIX}`;
  }
  const segments = path.split("/").slice(1);
  const assets = segments[0] === "assets";
  return `/${segments
    .map((segment, index) => {
      if (segment === "") return "";
      if (NUMBER.test(segment)) return ":id";
      if (WORD.test(segment) && !looksLikeToken(segment)) return segment;
      if (assets && index === segments.length - 1 && ASSET.test(segment)) return segment;
      return ":value";
    })
    .join("/")}`;
}

/** A lowercase word longer than any route name is more likely a token than a page. */
function looksLikeToken(segment: string): boolean {
  return segment.length > 30 && !segment.includes("-");
}
