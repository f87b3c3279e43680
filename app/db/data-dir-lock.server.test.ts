import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError } from "./data-dir-lock.server.ts";

const dirs: string[] = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herstel-lock-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("data folder lock", () => {
  it("is refused while another running process holds it, naming that process", () => {
    const dir = tempDir();
    // pid 1 always runs; it stands in for another Herstel process.
    fs.writeFileSync(path.join(dir, "herstel.lock"), "1\n");
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dir)).toThrow(/already in use by another Herstel process \(pid 1\)/);
    expect(fs.readFileSync(path.join(dir, "herstel.lock"), "utf8")).toBe("1\n");
  });

  it("is taken over when its owner no longer runs (after kill -9)", () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString();
    fs.writeFileSync(path.join(dir, "herstel.lock"), `${dead}\n`);
    const lock = acquireDataDirLock(dir);
    expect(fs.readFileSync(lock.file, "utf8").trim()).toBe(String(process.pid));
    lock.release();
    expect(fs.existsSync(lock.file)).toBe(false);
  });

  it("is taken over when the lock file is empty or garbage", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "herstel.lock"), "");
    const lock = acquireDataDirLock(dir);
    lock.release();
    lock.release();
    expect(fs.existsSync(lock.file)).toBe(false);
  });
});
