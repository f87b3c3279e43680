import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type DatabaseHandle, openPglite } from "../app/db/database.server.ts";

/** Runs a benchmark on an embedded database in a fresh temporary folder, removed afterwards. */
export async function withTempPglite<T>(run: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herstel-bench-"));
  try {
    const handle = await openPglite(dir);
    try {
      return await run(handle);
    } finally {
      await handle.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
