import path from "node:path";
import { z } from "zod";
import { decodeKey } from "./keys/key-material.ts";
import type { KeySettings } from "./keys/key-store.server.ts";
import { parseTrustProxy, type TrustProxy } from "./trust-proxy.ts";

/** KEK and AUDIT_KEY: the current key first, older ones after it, separated by commas. */
const keyList = z.string().refine((v) => v.split(",").every((k) => decodeKey(k) !== undefined), {
  message: "must be one or more 256-bit keys in base64 or hex, separated by commas (openssl rand -base64 32)",
});

/**
 * Runtime configuration, read once from the environment at start-up.
 * Every variable is documented in `.env.example`; keep the two in step.
 */
/** A whole number of milliseconds (or connections) within bounds; for the database and timeout settings. */
const bounded = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

const configSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  PORT: z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 65535")
    .max(65535, "must be between 1 and 65535")
    .default(3000),
  HOST: z.string().min(1, "must not be empty").default("0.0.0.0"),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// address" }).optional(),
  DATA_DIR: z.string().min(1, "must not be empty").default("./data"),
  DATABASE_URL: z
    .url({
      protocol: /^postgres(ql)?$/,
      error: "must be a postgres:// or postgresql:// address, for example postgres://user:password@host:5432/herstel",
    })
    .optional(),
  DATABASE_POOL_SIZE: z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(200, "must be at most 200")
    .default(10),
  APP_SECRET: z.string().min(32, "must be at least 32 characters long").optional(),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      error: "must be one of fatal, error, warn, info, debug, trace, silent",
    })
    .default("info"),
  TRUST_PROXY: z.string().optional(),
  SMTP_URL: z
    .url({
      protocol: /^smtps?$/,
      error: "must be an smtp:// or smtps:// address, e.g. smtp://user:pass@mail.example:587",
    })
    .optional(),
  OUTBOX_POLL_MS: z.coerce
    .number({ error: "must be a whole number of milliseconds" })
    .int("must be a whole number of milliseconds")
    .min(100, "must be at least 100")
    .max(3_600_000, "must be at most 3600000")
    .default(5000),
  DEMO_DATA: z
    .enum(["on", "off"], { error: "must be on or off" })
    .default("on")
    .transform((v) => v === "on"),
  DEMO_CASES: z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(0, "must be at least 0")
    .max(5000, "must be at most 5000")
    .default(200),
  UPLOAD_MAX_MB: z.coerce
    .number({ error: "must be a whole number of megabytes" })
    .int("must be a whole number of megabytes")
    .min(1, "must be at least 1")
    .max(100, "must be at most 100")
    .default(20),
  UPLOAD_CASE_QUOTA_MB: z.coerce
    .number({ error: "must be a whole number of megabytes" })
    .int("must be a whole number of megabytes")
    .min(1, "must be at least 1")
    .max(10000, "must be at most 10000")
    .default(200),
  MAIL_FROM: z
    .string()
    .min(3, "must be an e-mail address, optionally with a name")
    .default("Herstelbemiddeling <noreply@herstel.example>"),
  // Bounded waiting on PostgreSQL and the job runner (README: "When the database goes away").
  DATABASE_STATEMENT_TIMEOUT_MS: bounded(100, 600_000, 5000),
  DATABASE_POOL_WAIT_MS: bounded(100, 60_000, 3000),
  DATABASE_REPORT_POOL_SIZE: bounded(1, 50, 2),
  DATABASE_REPORT_STATEMENT_TIMEOUT_MS: bounded(1000, 3_600_000, 300_000),
  JOBS_POLL_MS: bounded(1000, 3_600_000, 60_000),
  // Security hardening: the owner's connection for migrations, and plain HTTP.
  MIGRATION_DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// address" })
    .optional(),
  ALLOW_PLAIN_HTTP: z
    .enum(["local-tls-proxy"], { error: "must be local-tls-proxy (or unset)" })
    .optional()
    .transform((v) => v !== undefined),
  // Partners' webhooks go to https addresses only; tests may allow http://127.0.0.1 (ADR 0029).
  WEBHOOKS_ALLOW_LOOPBACK_HTTP: z
    .enum(["tests-only"], { error: "must be tests-only (or unset)" })
    .optional()
    .transform((v) => v !== undefined),
  // Keys (ADR 0017): each from its variable, from the file its _FILE variable names, or else
  // from DATA_DIR/keys, where it is made once. KEK and AUDIT_KEY may list older keys after the
  // current one, separated by commas, for rotation.
  APP_SECRET_FILE: z.string().min(1).optional(),
  KEK: keyList.optional(),
  KEK_FILE: z.string().min(1).optional(),
  AUDIT_KEY: keyList.optional(),
  AUDIT_KEY_FILE: z.string().min(1).optional(),
  // Daily backups of the embedded database in DATA_DIR/backups: how many to keep (0: none).
  BACKUP_KEEP: z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(0, "must be at least 0")
    .max(365, "must be at most 365")
    .default(7),
  // Many people at once: metrics, shedding load, rate limits raised for a load test.
  METRICS_PORT: z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 65535")
    .max(65535, "must be between 1 and 65535")
    .optional(),
  METRICS_HOST: z.string().min(1, "must not be empty").default("127.0.0.1"),
  METRICS_TOKEN: z.string().min(32, "must be at least 32 characters long (openssl rand -hex 32)").optional(),
  MAX_CONCURRENT_REQUESTS: bounded(1, 10_000, 32),
  REQUEST_QUEUE_MS: bounded(0, 60_000, 2000),
  MAX_QUEUED_REQUESTS: bounded(0, 100_000, 200),
  RATE_LIMIT_FACTOR: bounded(1, 100_000, 1),
});

export type Config = {
  nodeEnv: "development" | "test" | "production";
  port: number;
  host: string;
  publicUrl: URL;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** From APP_SECRET, APP_SECRET_FILE or DATA_DIR/keys (app/lib/keys/), after the keys are loaded. */
  appSecret: string;
  /** Where the keys come from (raw settings; app/lib/keys/key-store.server.ts reads them). */
  keys: KeySettings;
  /** Daily backups of the embedded database to keep in DATA_DIR/backups (0: no daily backup). */
  backupKeep: number;
  logLevel: string;
  /** Proxies trusted for X-Forwarded-*: none, a hop count, or their addresses. */
  trustProxy: TrustProxy;
  /** The owner's connection for migrations (PostgreSQL); the app itself never uses it. */
  migrationDatabaseUrl: string | undefined;
  /** Production accepts requests that did not arrive over https (a TLS proxy on this host). */
  allowPlainHttp: boolean;
  /** Webhooks may go to http://127.0.0.1 (tests only; refused with NODE_ENV=production). */
  webhooksAllowLoopbackHttp: boolean;
  /** SMTP server for outgoing mail; without it, mail waits in the outbox. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Fill a fresh embedded database with demo accounts and data (never in production). */
  demoData: boolean;
  /** How many fictional registrations demo mode makes (most become cases). */
  demoCases: number;
  /** Largest uploaded file (a scanned letter, a video message), in bytes. */
  uploadMaxBytes: number;
  /** Most bytes of uploaded files one case may hold. */
  uploadCaseQuotaBytes: number;
  /** How often the outbox worker looks for mail to send. */
  outboxPollMs: number;
  /** Cookies are marked Secure (and get the __Host- prefix) unless we serve plain http. */
  secureCookies: boolean;
  /** PostgreSQL: statement timeout and pool wait of the request pool. */
  databaseStatementTimeoutMs: number;
  databasePoolWaitMs: number;
  /** PostgreSQL: the separate small pool for the figures, exports and imports, with a longer timeout. */
  databaseReportPoolSize: number;
  databaseReportStatementTimeoutMs: number;
  /** How often the job runner looks whether a daily job is due. */
  jobsPollMs: number;
  /** /metrics on a port of its own (METRICS_PORT on METRICS_HOST), and/or with a bearer token on the public port. */
  metricsPort: number | undefined;
  metricsHost: string;
  metricsToken: string | undefined;
  /** Requests handled at once; more wait up to requestQueueMs (at most maxQueuedRequests of them), then get 503. */
  maxConcurrentRequests: number;
  requestQueueMs: number;
  maxQueuedRequests: number;
  /** Every rate limit multiplied by this (1 in normal use; raised for a load test). */
  rateLimitFactor: number;
};

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** The configuration before the keys are loaded: everything but the app secret itself. */
export type Settings = Omit<Config, "appSecret">;

/** Parses the environment; throws a ConfigError listing one readable line per problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Settings {
  // Treat empty strings as unset, so `PORT=` in a .env file means "use the default".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = configSchema.safeParse(cleaned);
  // Checked by hand so that it is reported together with every other problem. On PostgreSQL
  // in production the keys come from the operator; the embedded database keeps its own.
  const keysMissing =
    cleaned.NODE_ENV === "production" && cleaned.DATABASE_URL !== undefined
      ? (["APP_SECRET", "KEK", "AUDIT_KEY"] as const).filter((k) => !cleaned[k] && !cleaned[`${k}_FILE`])
      : [];
  const trust = parseTrustProxy(cleaned.TRUST_PROXY);
  const extra = [...(trust.ok ? [] : [trust.problem]), ...httpsProblems(cleaned)];
  if (!result.success || keysMissing.length > 0 || extra.length > 0) {
    const issues = result.success ? [] : result.error.issues;
    const problems = issues.map((issue) => {
      const name = issue.path.join(".") || "environment";
      const raw = cleaned[name];
      const shown =
        raw === undefined ||
        ["APP_SECRET", "SMTP_URL", "KEK", "AUDIT_KEY", "METRICS_TOKEN"].includes(name) ||
        name.endsWith("DATABASE_URL")
          ? ""
          : ` (got "${raw}")`;
      return `${name} ${issue.message}${shown}`;
    });
    for (const key of keysMissing) {
      problems.push(
        `${key} (or ${key}_FILE) is required when NODE_ENV=production with DATABASE_URL` +
          (key === "APP_SECRET" ? " (at least 32 random characters)" : " (openssl rand -base64 32)"),
      );
    }
    throw new ConfigError([...problems, ...extra]);
  }
  const e = result.data;
  const publicUrl = new URL(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`);
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    keys: {
      appSecret: e.APP_SECRET,
      appSecretFile: e.APP_SECRET_FILE,
      kek: e.KEK,
      kekFile: e.KEK_FILE,
      auditKey: e.AUDIT_KEY,
      auditKeyFile: e.AUDIT_KEY_FILE,
    },
    backupKeep: e.BACKUP_KEEP,
    logLevel: e.LOG_LEVEL,
    trustProxy: trust.ok ? trust.value : false,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL,
    allowPlainHttp: e.ALLOW_PLAIN_HTTP,
    webhooksAllowLoopbackHttp: e.WEBHOOKS_ALLOW_LOOPBACK_HTTP,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    outboxPollMs: e.OUTBOX_POLL_MS,
    demoData: e.DEMO_DATA,
    demoCases: e.DEMO_CASES,
    uploadMaxBytes: e.UPLOAD_MAX_MB * 1024 * 1024,
    uploadCaseQuotaBytes: e.UPLOAD_CASE_QUOTA_MB * 1024 * 1024,
    secureCookies: publicUrl.protocol === "https:",
    databaseStatementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
    databasePoolWaitMs: e.DATABASE_POOL_WAIT_MS,
    databaseReportPoolSize: e.DATABASE_REPORT_POOL_SIZE,
    databaseReportStatementTimeoutMs: e.DATABASE_REPORT_STATEMENT_TIMEOUT_MS,
    jobsPollMs: e.JOBS_POLL_MS,
    metricsPort: e.METRICS_PORT,
    metricsHost: e.METRICS_HOST,
    metricsToken: e.METRICS_TOKEN,
    maxConcurrentRequests: e.MAX_CONCURRENT_REQUESTS,
    requestQueueMs: e.REQUEST_QUEUE_MS,
    maxQueuedRequests: e.MAX_QUEUED_REQUESTS,
    rateLimitFactor: e.RATE_LIMIT_FACTOR,
  };
}

/** Production is reached over https only (cookies Secure with the __Host- prefix, HSTS). */
function httpsProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (env.NODE_ENV === "production" && !env.PUBLIC_URL?.startsWith("https://")) {
    problems.push(
      "PUBLIC_URL must be an https:// address when NODE_ENV=production (Herstel behind a TLS proxy: set PUBLIC_URL to the proxy's https address)",
    );
  }
  if (env.NODE_ENV === "production" && env.WEBHOOKS_ALLOW_LOOPBACK_HTTP) {
    problems.push("WEBHOOKS_ALLOW_LOOPBACK_HTTP is for tests only and cannot be set when NODE_ENV=production");
  }
  return problems;
}
