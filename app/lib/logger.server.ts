import pino, { type Logger } from "pino";

export type { Logger };

/**
 * JSON logs on stdout. Log only technical facts (ids, paths, status codes, durations):
 * never names, contact details, form content or case content. pino writes JSON, so CR/LF
 * inside a logged value are escaped and cannot forge log lines.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: "herstel" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ["password", "*.password", "email", "*.email", "cookie", "*.cookie", "authorization", "*.authorization"],
        censor: "[redacted]",
      },
    },
    destination,
  );
}
