import { APP_ROLE } from "../acting.server.ts";
import { type BackendKind, type DatabaseHandle, openPostgres } from "../database.server.ts";

/**
 * The test database as the app sees it: working as herstel_app, so that row-level security is in
 * force (tests otherwise connect as a superuser, which bypasses it). On PostgreSQL a pool of its
 * own; on PGlite the one session switches role until `release()`.
 */
export async function asAppRole(
  handle: DatabaseHandle,
  kind: BackendKind,
  url: string | undefined,
): Promise<{ app: DatabaseHandle; release(): Promise<void> }> {
  if (kind === "postgres") {
    if (!url) throw new Error("no PostgreSQL test database url");
    const app = openPostgres(url, 2, { role: APP_ROLE });
    return { app, release: () => app.close() };
  }
  await handle.withRawSession((s) => s.exec(`SET ROLE ${APP_ROLE}`));
  return { app: handle, release: () => handle.withRawSession((s) => s.exec("RESET ROLE")) };
}
