/**
 * `npm run keys:rotate`: re-wraps every data key under the current key-encryption key, without
 * re-encrypting content, resumably, while the app runs (ADR 0017). With the KEK in DATA_DIR/keys
 * it first makes a new one there (the old one stays, for older backups); a KEK from KEK or
 * KEK_FILE is the operator's to put in front first. Exit 0 when every key is re-wrapped, 1 otherwise.
 */
import { type RotationOutcome, rotateKeys } from "../app/db/key-rotation.server.ts";
import { keyFolderFile } from "../app/lib/keys/key-store.server.ts";
import { askRunningApp } from "../server/control-socket.ts";
import { fail, loadConfigAndKeysOrExit } from "../server/start.ts";
import { onOperatorDatabase } from "./operator-database.ts";

const { config, keys } = loadConfigAndKeysOrExit();
const ownKek = keyFolderFile(config.dataDir, "kek");
const keyFolder = !config.databaseUrl && keys.where.kek === ownKek ? ownKek : undefined;
const onBatch = (p: { rewrapped: number; remaining: number }) =>
  process.stdout.write(`  re-wrapped ${p.rewrapped}, ${p.remaining} to go\n`);

let outcome: RotationOutcome;
try {
  outcome = await onOperatorDatabase(
    config,
    (handle) => rotateKeys(handle.db, { onBatch, keyFolderFile: keyFolder }),
    async () => (await askRunningApp(config.dataDir, { command: "rotate-keys" }, onBatch)) as RotationOutcome,
  );
} catch (error) {
  fail(`Key rotation stopped: ${(error as Error).message}. Run it again to continue where it stopped.`);
}

if (outcome.nothingToDo) {
  process.stdout.write(
    `Every data key is already wrapped by key-encryption key ${outcome.kekId}. To rotate, put a new key in front ` +
      "(KEK=new,old or a new first line in KEK_FILE), give every app instance that setting, then run this again.\n",
  );
} else {
  if (outcome.addedKey) process.stdout.write(`New key-encryption key ${outcome.addedKey} made in ${ownKek}.\n`);
  process.stdout.write(
    `Re-wrapped ${outcome.rewrapped} data key(s); ${outcome.remaining} left under an older key-encryption key.\n`,
  );
  if (outcome.remaining > 0) {
    process.stdout.write("Some were in use or written meanwhile: run this again.\n");
    process.exitCode = 1;
  } else {
    process.stdout.write(
      `Every data key is now wrapped by ${outcome.kekId}. The older key is still needed for backups made before ` +
        "this rotation; remove it once those backups are gone.\n",
    );
  }
}
