/**
 * `npm run audit:verify`: checks that no audit record was changed or removed (docs/security.md
 * item 20). Exit 0 when the log is intact, 1 when it is broken or cannot be checked.
 */
import { type AuditChainProblem, verifyAuditChain } from "../app/features/audit/audit.queries.server.ts";
import { fail, loadConfigOrExit } from "../server/start.ts";
import { openConfiguredDatabase } from "./configured-database.ts";

const explanations: Record<AuditChainProblem, (id: number) => string> = {
  hash_mismatch: (id) => `record ${id} was changed after it was written: its contents no longer match its hash.`,
  chain_break: (id) =>
    `the record before record ${id} is missing or was rewritten: record ${id} does not link to the record before it.`,
  head_mismatch: (id) =>
    `the log does not end where the chain head says (at record ${id}): ` +
    "records at the end were removed, or records were added or the head was changed outside Herstel.",
  key_missing: (id) =>
    id === 0
      ? "the audit key that signed where the chain was keyed is not configured (AUDIT_KEY, AUDIT_KEY_FILE or DATA_DIR/keys/audit-key); nothing could be checked."
      : `record ${id} was signed with an audit key that is not configured (AUDIT_KEY, AUDIT_KEY_FILE or DATA_DIR/keys/audit-key); it and the records after it could not be checked.`,
  unkeyed_record: (id) =>
    `record ${id} has a hash without the audit key, but was written after the chain was keyed: it was added or rewritten outside Herstel.`,
  keyed_from_changed: (id) =>
    id === 0
      ? "the signed record of where the chain was keyed is missing or was changed."
      : `the records up to record ${id}, from before the chain was keyed, were changed or removed.`,
  checkpoint_changed: () =>
    "the signed starting point of the log after pruning (audit_chain_checkpoint) was changed, or not signed with the audit key.",
};

const config = loadConfigOrExit();
const handle = await openConfiguredDatabase(config);
try {
  const result = await verifyAuditChain(handle.db);
  await handle.close();
  if (result.ok) {
    const pruned = result.prunedThrough
      ? ` (from the signed checkpoint after record ${result.prunedThrough.id}; records before ${result.prunedThrough.before.toISOString().slice(0, 10)} were pruned)`
      : "";
    process.stdout.write(`Audit log intact: ${result.count} records${pruned}\n`);
  } else {
    process.stdout.write(
      `Audit log BROKEN at record ${result.brokenId}: ${explanations[result.problem](result.brokenId)}\n`,
    );
    process.exitCode = 1;
  }
} catch (error) {
  await handle.close();
  const message = (error as Error).message;
  fail(
    /audit_log|audit_chain_head|audit_chain_keyed|audit_chain_checkpoint/.test(message) &&
      /does not exist/.test(message)
      ? "The database has no audit log yet: run `npm run db:migrate` first."
      : message,
  );
}
