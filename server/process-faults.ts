import type { Logger } from "../app/lib/logger.server.ts";
import { currentRequestId } from "../app/lib/request-scope.server.ts";

/*
 * Expected faults (the database going away, SMTP down, a bad request) are handled where they
 * happen and never end the process. What is left is a bug: the process state can no longer be
 * trusted, so it logs what happened, with the request it happened in, and exits with 1 for the
 * supervisor to start it again (systemd Restart=on-failure, see the README).
 */

export type ExitFunction = (code: number) => void;

/** A crash report without personal data: database errors can quote row values in their message. */
export function describeCrash(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  const databaseError = typeof code === "string" && /^[0-9A-Z]{5}$/.test(code);
  return {
    type: error.name,
    code: typeof code === "string" ? code.slice(0, 40) : undefined,
    message: databaseError ? undefined : error.message.split("\n")[0]?.slice(0, 300),
    // The frames only: the stack's first line repeats the message.
    stack: error.stack?.split("\n").slice(1, 16).join("\n"),
  };
}

export function fatalHandler(logger: Logger, what: string, exit: ExitFunction) {
  return (error: unknown) => {
    logger.fatal(
      { requestId: currentRequestId(), crash: describeCrash(error) },
      `${what}: Herstel stops so that its supervisor starts it again`,
    );
    logger.flush?.();
    exit(1);
  };
}

export function installProcessFaultHandlers(logger: Logger, exit: ExitFunction = (code) => process.exit(code)): void {
  process.on("uncaughtException", fatalHandler(logger, "uncaught exception", exit));
  process.on("unhandledRejection", fatalHandler(logger, "unhandled promise rejection", exit));
}
