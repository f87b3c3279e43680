import { execFile, execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "./server-process.ts";

/**
 * A PostgreSQL cluster of a test's own (Debian's initdb and pg_ctl), on a free port with its
 * socket in its own folder, that the test can really stop and start; removed afterwards. As
 * root, the server runs as the system user "postgres" (PostgreSQL refuses to run as root).
 */
export type ThrowawayPostgres = {
  port: number;
  /** Connection string of a database on this cluster, as the superuser postgres. */
  url(database: string): string;
  /** A fast shutdown, as an operator does for a minor upgrade: running sessions are ended. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server (if running) and deletes the cluster. */
  remove(): void;
  log(): string;
};

/** Where Debian keeps the server programs when they are not on PATH. */
function findTool(name: string): string | undefined {
  const onPath = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).stdout.trim();
  if (onPath) return onPath;
  const base = "/usr/lib/postgresql";
  if (!fs.existsSync(base)) return undefined;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, "bin", name)))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], "bin", name) : undefined;
}

export function throwawayPostgresAvailable(): boolean {
  return Boolean(findTool("initdb") && findTool("pg_ctl"));
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const initdb = findTool("initdb");
  const pgCtl = findTool("pg_ctl");
  if (!initdb || !pgCtl) throw new Error("initdb/pg_ctl not found: apt-get install postgresql");
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "herstel-pg-"));
  const dataDir = path.join(root, "data");
  const logFile = path.join(root, "server.log");
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
    fs.chownSync(root, uid, gid);
  }
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ["runuser", ["-u", "postgres", "--", tool, ...args]] : [tool, args];
  const run = (tool: string, args: string[]) => {
    const result = spawnSync(...command(tool, args), { encoding: "utf8", timeout: 60_000 });
    if (result.status !== 0) {
      throw new Error(
        `${path.basename(tool)} failed (${result.status ?? result.signal}): ${result.stderr}${result.stdout}`,
      );
    }
  };
  // Start and stop without blocking the test process: its load goes on meanwhile.
  const runAsync = (tool: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      execFile(...command(tool, args), { timeout: 60_000 }, (error, stdout, stderr) =>
        error ? reject(new Error(`${path.basename(tool)} failed: ${stderr}${stdout}`)) : resolve(),
      );
    });
  // No fsync: this cluster holds nothing worth keeping, and the test should not wait on the disk.
  run(initdb, ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  const serverOptions = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  let running = false;
  const cluster: ThrowawayPostgres = {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      await runAsync(pgCtl, ["-D", dataDir, "-o", serverOptions, "-l", logFile, "-w", "-t", "60", "start"]);
      running = true;
    },
    async stop() {
      await runAsync(pgCtl, ["-D", dataDir, "-m", "fast", "-w", "-t", "60", "stop"]);
      running = false;
    },
    remove() {
      if (running) {
        try {
          run(pgCtl, ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
        } catch {
          // already down
        }
        running = false;
      }
      fs.rmSync(root, { recursive: true, force: true });
    },
    log: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8") : ""),
  };
  try {
    await cluster.start();
  } catch (error) {
    fs.rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return cluster;
}

/** Runs one statement on a database of the cluster with a short-lived connection. */
export async function clusterQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
