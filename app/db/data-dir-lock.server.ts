import fs from "node:fs";
import path from "node:path";

/**
 * One Herstel process per PGlite data folder. Two PostgreSQL-in-WASM instances writing the
 * same files would corrupt them, so the folder holds a lock file with the owner's pid.
 * A lock left behind by a process that no longer runs (after kill -9 or a crash) is taken over.
 */
export class DataDirLockedError extends Error {
  readonly pid: number;
  constructor(dir: string, pid: number) {
    super(
      `The data folder ${dir} is already in use by another Herstel process (pid ${pid}). ` +
        "Stop that process first, or start this one with another DATA_DIR.",
    );
    this.name = "DataDirLockedError";
    this.pid = pid;
  }
}

export type DataDirLock = { release(): void; readonly file: string };

const LOCK_NAME = "herstel.lock";

export function acquireDataDirLock(dir: string): DataDirLock {
  const file = path.join(dir, LOCK_NAME);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, "wx", 0o600);
      fs.writeSync(fd, `${process.pid}\n`);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          try {
            if (readOwner(file) === process.pid) fs.unlinkSync(file);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = readOwner(file);
      if (owner !== undefined && owner !== process.pid && isRunning(owner)) {
        throw new DataDirLockedError(dir, owner);
      }
      // Stale lock (owner gone, or unreadable half-written file): remove and try again.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${file}`);
}

function readOwner(file: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
