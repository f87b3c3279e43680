import type { DatabaseHandle } from "./database.server.ts";
import { readMigrations } from "./migrate.server.ts";

/**
 * On PostgreSQL the app logs in as a role of its own (DATABASE_URL) that is a member of
 * herstel_app and of nothing that owns the tables; migrations log in as the owner
 * (MIGRATION_DATABASE_URL, or `npm run db:migrate`). Then SQL running as the app, whatever it is,
 * cannot `SET ROLE` to the owner, switch row-level security off or rewrite the audit log.
 * See docs/decisions/0014-database-login-roles.md.
 */
export type AppRoleProblem = "superuser" | "bypassrls" | "owner";

/** What the app's login role could do that it must not, checked on a connection of its pool. */
export async function appRoleProblems(handle: DatabaseHandle): Promise<AppRoleProblem[]> {
  const [row] = await handle.withRawSession((session) =>
    session.query<{ superuser: boolean; bypassrls: boolean; owner: boolean }>(
      `SELECT r.rolsuper AS superuser, r.rolbypassrls AS bypassrls,
              pg_has_role(session_user, c.relowner, 'MEMBER') AS owner
         FROM pg_roles r, pg_class c
        WHERE r.rolname = session_user AND c.oid = 'public.schema_migration'::regclass`,
    ),
  );
  if (!row) return ["owner"];
  const problems: AppRoleProblem[] = [];
  if (row.superuser) problems.push("superuser");
  if (row.bypassrls) problems.push("bypassrls");
  if (row.owner) problems.push("owner");
  return problems;
}

export function explainAppRoleProblems(problems: AppRoleProblem[]): string {
  const what = problems
    .map((p) =>
      p === "superuser"
        ? "is a superuser"
        : p === "bypassrls"
          ? "may bypass row-level security"
          : "can become the owner of the tables",
    )
    .join(", ");
  return (
    `The user in DATABASE_URL ${what}. Herstel must log in as a role of its own that is only a member of herstel_app, ` +
    'with the owner in MIGRATION_DATABASE_URL (see the README, "Running on PostgreSQL").'
  );
}

/** Migrations this version has that the database lacks (the app's role may read the list, not apply it). */
export async function pendingMigrations(handle: DatabaseHandle): Promise<number> {
  const rows = await handle.withRawSession(async (session) => {
    const [exists] = await session.query<{ found: boolean }>(
      "SELECT to_regclass('public.schema_migration') IS NOT NULL AS found",
    );
    return exists?.found ? session.query<{ version: number }>("SELECT version FROM schema_migration") : [];
  });
  const applied = new Set(rows.map((r) => r.version));
  return readMigrations().filter((m) => !applied.has(m.version)).length;
}
