/**
 * Prints one line "N passed, N failed" over the Vitest JSON reports of a test run
 * (reports/unit.json, reports/integration.json, reports/e2e.json). Used by .ci/run.
 */
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2] ?? "reports";
// Exit status of `npm test`: a failed typecheck, lint or build counts as one failure.
const status = Number(process.argv[3] ?? "0");
const suites = ["unit", "integration", "e2e"];
let passed = 0;
let failed = 0;
const parts: string[] = [];
for (const suite of suites) {
  const file = path.join(dir, `${suite}.json`);
  if (!fs.existsSync(file)) {
    parts.push(`${suite}: not run`);
    continue;
  }
  const report = JSON.parse(fs.readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number };
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  parts.push(`${suite}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
if (status !== 0 && failed === 0) {
  failed = 1;
  parts.push("a check outside the test runners failed (typecheck, lint or build): 1 failed");
}
process.stdout.write(`${parts.join("; ")}\n${passed} passed, ${failed} failed\n`);
