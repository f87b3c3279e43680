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

/**
 * The staff area's layout route sets `shell: "staff"` in its handle: the root layout then leaves
 * header, menu and main to it. Only while that layout has its data, so that an error in the
 * layout itself (before it can draw anything) still gets a page with a header.
 */
export const staffShellHandle = { ...clientScripts, shell: "staff" } as const;

export function staffShell(matches: readonly { handle?: unknown; loaderData?: unknown; data?: unknown }[]): boolean {
  return matches.some((match) => {
    const handle = match.handle as { shell?: unknown } | null | undefined;
    return handle?.shell === "staff" && (match.loaderData ?? match.data) !== undefined;
  });
}
