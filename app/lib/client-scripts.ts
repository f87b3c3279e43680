/**
 * Which pages load React in the browser. Public pages do not: every form works without
 * JavaScript, and leaving out React's 120 kB (gzip) makes them fast on a slow phone (ADR 0022).
 * A route opts in with `export const handle = clientScripts;` (the staff area does, in its layout);
 * a page then loads the scripts when it or any route around it opts in.
 */
export const clientScripts = { clientScripts: true } as const;

export function needsClientScripts(matches: readonly { handle?: unknown }[]): boolean {
  return matches.some((match) => {
    const handle = match.handle as { clientScripts?: unknown } | null | undefined;
    return handle?.clientScripts === true;
  });
}
