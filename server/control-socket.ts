import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { sql } from "kysely";
import { backupPglite } from "../app/db/backup/backup.server.ts";
import type { DatabaseHandle } from "../app/db/database.server.ts";
import { type RotationProgress, rotateKeys } from "../app/db/key-rotation.server.ts";
import type { Logger } from "../app/lib/logger.server.ts";

/**
 * Operator commands for a running app on the embedded database (ADR 0018). PGlite allows one
 * process per data folder, so `npm run backup` and `npm run keys:rotate` cannot open the folder
 * while the app runs; they ask the app through this Unix socket in the data folder instead
 * (DATA_DIR/control.sock, mode 0600: only the user who runs Herstel, who can read the keys in
 * DATA_DIR/keys anyway). One JSON line in, JSON lines out, the last one "done" or "failed".
 */
export type ControlRequest = { command: "backup"; file: string } | { command: "rotate-keys" };
export type ControlReply =
  | { kind: "done"; result: Record<string, unknown> }
  | { kind: "failed"; message: string }
  | { kind: "progress"; progress: RotationProgress };

export function controlSocketPath(dataDir: string): string {
  return path.join(dataDir, "control.sock");
}

export function startControlSocket(options: {
  dataDir: string;
  handle: DatabaseHandle;
  logger: Logger;
  /** The KEK file in DATA_DIR/keys, when the KEK lives there (keys:rotate adds a new one). */
  keyFolderFile?: string;
}): { close(): Promise<void> } {
  const file = controlSocketPath(options.dataDir);
  const log = options.logger.child({ component: "control" });
  // Left behind by a process that was killed; this process holds the data folder's lock.
  fs.rmSync(file, { force: true });
  const server = net.createServer((socket) => {
    let input = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk) => {
      input += chunk;
      const end = input.indexOf("\n");
      if (end === -1) return;
      socket.removeAllListeners("data");
      const send = (reply: ControlReply) => socket.write(`${JSON.stringify(reply)}\n`);
      handle(input.slice(0, end), send)
        .then((result) => send({ kind: "done", result }))
        .catch((error: unknown) => send({ kind: "failed", message: (error as Error).message }))
        .finally(() => socket.end());
    });
    socket.on("error", () => {});
  });

  async function handle(line: string, send: (reply: ControlReply) => void): Promise<Record<string, unknown>> {
    const request = JSON.parse(line) as ControlRequest;
    if (request.command === "backup" && typeof request.file === "string" && path.isAbsolute(request.file)) {
      log.info({ command: "backup" }, "operator command");
      const result = await backupPglite(options.handle, request.file);
      return { bytes: result.bytes, schemaVersion: result.header.schemaVersion, migration: result.header.migration };
    }
    if (request.command === "rotate-keys") {
      log.info({ command: "rotate-keys" }, "operator command");
      const outcome = await rotateKeys(options.handle.db, {
        keyFolderFile: options.keyFolderFile,
        // The app works as its role; re-wrapping data keys is the owner's (the session user's).
        asOwner: async (trx) => {
          await sql`SET LOCAL ROLE NONE`.execute(trx);
        },
        onBatch: (progress) => send({ kind: "progress", progress }),
      });
      return outcome;
    }
    throw new Error("unknown command");
  }

  server.listen(file, () => fs.chmodSync(file, 0o600));
  server.on("error", (error) => log.error({ err: { message: error.message } }, "control socket failed"));
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        fs.rmSync(file, { force: true });
      }),
  };
}

/** Sends one request to the app running on this data folder; calls onLine for progress lines. */
export function askRunningApp(
  dataDir: string,
  request: ControlRequest,
  onProgress: (progress: RotationProgress) => void = () => {},
): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(controlSocketPath(dataDir));
    let buffer = "";
    let settled = false;
    socket.setEncoding("utf8");
    socket.on("connect", () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on("data", (chunk) => {
      buffer += chunk;
      for (let end = buffer.indexOf("\n"); end !== -1; end = buffer.indexOf("\n")) {
        const reply = JSON.parse(buffer.slice(0, end)) as ControlReply;
        buffer = buffer.slice(end + 1);
        if (reply.kind === "progress") onProgress(reply.progress);
        else {
          settled = true;
          if (reply.kind === "done") resolve(reply.result);
          else reject(new Error(reply.message));
        }
      }
    });
    socket.on("error", (error) =>
      reject(new Error(`the running Herstel did not answer on ${controlSocketPath(dataDir)} (${error.message})`)),
    );
    socket.on("close", () => {
      if (!settled) reject(new Error("the running Herstel closed the connection without an answer"));
    });
  });
}
