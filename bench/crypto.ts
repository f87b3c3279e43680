/**
 * `npm run bench:crypto`: what encryption at rest costs per operation, in this process (CPU),
 * independent of the database: sealing and opening a note, a contact record and a 2 MB scan,
 * and unwrapping a data key. The case page of bench/cases.ts opens about 25 values and
 * unwraps one key (on the first view in a minute); a save seals one.
 */

import { SealBox } from "../app/db/sealed.server.ts";
import { newDataKey, unwrapKey, wrapKey } from "../app/lib/keys/envelope.ts";
import { installFixedKeys } from "../app/testing/test-keys.ts";

const ring = installFixedKeys("bench");
const box = new SealBox(newDataKey());
const note = "Gesprek gevoerd over verwachtingen en veiligheid; aanmelder wil eerst een brief schrijven. ".repeat(5);
const contact = {
  phone: "0612345678",
  email: "naam@example.org",
  address: "Voorbeeldstraat 1, 1234 AB Plaats",
  notes: "Liever niet bellen na 18 uur.",
};
const scan = Buffer.alloc(2 * 1024 * 1024, 7);
const wrapped = wrapKey(ring.currentKek, "data_key:1", newDataKey());

function perOp(name: string, fn: () => unknown, seconds = 0.5): string {
  for (let i = 0; i < 200; i++) fn();
  let count = 0;
  const started = performance.now();
  const used = process.cpuUsage();
  while (performance.now() - started < seconds * 1000) {
    fn();
    count++;
  }
  const cpu = process.cpuUsage(used);
  const us = (cpu.user + cpu.system) / count;
  return `| ${name} | ${us < 100 ? us.toFixed(1) : Math.round(us).toLocaleString("en")} µs |`;
}

const sealedNote = box.text("case_activity.summary", 1, note);
const sealedContact = box.json("case_party.contact", 1, contact);
const sealedScan = box.bytes("case_upload.content", 1, scan);
const rows = [
  perOp("seal a note (450 characters)", () => box.text("case_activity.summary", 1, note)),
  perOp("open a note (450 characters)", () => box.openText("case_activity.summary", 1, sealedNote)),
  perOp("open contact details (JSON)", () => box.openJson("case_party.contact", 1, sealedContact)),
  perOp("unwrap a data key", () => unwrapKey((id) => ring.kek(id), "data_key:1", wrapped)),
  perOp("seal a 2 MB scan", () => box.bytes("case_upload.content", 1, scan), 1),
  perOp("open a 2 MB scan", () => box.openBytes("case_upload.content", 1, sealedScan), 1),
];
process.stdout.write(`\n| operation | CPU per operation |\n|---|---|\n${rows.join("\n")}\n\nNode ${process.version}\n`);
