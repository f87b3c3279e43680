/**
 * `npm run retention -- [--as-of YYYY-MM-DD] [--apply]`: what the retention schedule finds due
 * (ADR 0020), per kind, and with --apply erases it. A dry run by default. The last line says
 * what was erased. Runs as the owner on the configured database; on the embedded database, not
 * while the app holds its data folder (the app's daily job does the same work).
 */
import { dutchDay, parseCliArguments, summaryLine } from "../app/features/retention/retention.rules.ts";
import { runRetention } from "../app/features/retention/retention.server.ts";
import { fail, loadConfigOrExit } from "../server/start.ts";
import { openConfiguredDatabase } from "./configured-database.ts";

const parsed = parseCliArguments(process.argv.slice(2));
if (!parsed.ok) fail(parsed.message);
const { asOf: given, apply } = parsed.options;
const now = new Date();
const asOf = given ?? dutchDay(now);
// With --as-of, e-mail and sessions are compared with the end of that day.
const at = given ? new Date(`${given}T23:59:59Z`) : now;

const config = loadConfigOrExit();
const handle = await openConfiguredDatabase(config);
try {
  const run = await runRetention(handle.db, { asOf, now: at, apply });
  const out: string[] = [`Retention schedule as of ${asOf}${apply ? "" : " (dry run)"}`];
  const kinds = ["case_file", "case_without_contact", "registration_not_taken_up"] as const;
  for (const kind of kinds) {
    const items = run.due.filter((d) => d.kind === kind);
    const held = items.filter((d) => d.held);
    out.push(
      `${kind}: ${items.length - held.length} due${held.length > 0 ? `, ${held.length} kept on legal hold` : ""}`,
    );
    for (const item of items) {
      out.push(`  ${item.reference} ${item.objectType} due ${item.dueOn}${item.held ? " (legal hold)" : ""}`);
    }
  }
  out.push(`outbox_message: ${run.technical.messages} due`);
  out.push(`session: ${run.technical.sessions} due`);
  out.push(
    run.audit.refused === "chain_broken"
      ? "audit_log: not pruned, the chain does not verify (run npm run audit:verify)"
      : `audit_log: ${run.audit.records} records older than 5 years${apply ? " pruned" : " due"}`,
  );
  out.push(summaryLine(run.erased, apply));
  process.stdout.write(`${out.join("\n")}\n`);
} catch (error) {
  process.exitCode = 1;
  process.stderr.write(`The retention run stopped: ${(error as Error).message}\n`);
} finally {
  await handle.close();
}
