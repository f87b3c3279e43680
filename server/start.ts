import path from "node:path";
import type { ServerBuild } from "react-router";
import { APP_ROLE } from "../app/db/acting.server.ts";
import { appRoleProblems, explainAppRoleProblems, pendingMigrations } from "../app/db/connection-roles.server.ts";
import { DataDirLockedError } from "../app/db/data-dir-lock.server.ts";
import {
  type DatabaseHandle,
  DatabaseStartError,
  explainPostgresError,
  openPglite,
  openPostgres,
  switchPgliteRole,
} from "../app/db/database.server.ts";
import { createDatabaseHealth, type DatabaseHealth } from "../app/db/database-health.server.ts";
import { MigrationError, migrate } from "../app/db/migrate.server.ts";
import { purgeRemovedPlaintext } from "../app/db/purge-plaintext.server.ts";
import { backupJob } from "../app/features/jobs/backup.job.server.ts";
import { housekeepingJob } from "../app/features/jobs/housekeeping.job.server.ts";
import { createJobRunner } from "../app/features/jobs/job-runner.server.ts";
import { retentionJob } from "../app/features/jobs/retention.job.server.ts";
import { vacuumJob } from "../app/features/jobs/vacuum.job.server.ts";
import { createOutboxWorker } from "../app/features/outbox/outbox-worker.server.ts";
import { outcomeInvitationsJob } from "../app/features/outcomes/outcome-invitations.server.ts";
import { webhooksJob } from "../app/features/partner-api/webhooks.server.ts";
import { type AppServices, DatabaseProvider } from "../app/lib/app-context.ts";
import { type Config, ConfigError, loadConfig } from "../app/lib/config.server.ts";
import type { LoadedKeys } from "../app/lib/keys/key-store.server.ts";
import { createLogger, type Logger } from "../app/lib/logger.server.ts";
import { checkSecondFactorSecrets, demoAtStart, seedDemo } from "./demo-at-start.ts";
import { startEmbeddedOperations } from "./embedded-operations.ts";
import { createHttpApp } from "./http.ts";
import { KeyError, loadKeysFor } from "./load-keys.ts";
import { createMetrics, startMetricsServer } from "./metrics.ts";
import { installProcessFaultHandlers } from "./process-faults.ts";

/** A start-up failure explained in one sentence for whoever runs Herstel. */
export function fail(message: string): never {
  process.stderr.write(`\nHerstel cannot start:\n  ${message.replaceAll("\n", "\n  ")}\n\n`);
  process.exit(1);
}

/** The settings and the keys (created in DATA_DIR/keys on a first start), or a readable exit. */
export function loadConfigAndKeysOrExit(): { config: Config; keys: LoadedKeys } {
  try {
    return loadKeysFor(loadConfig());
  } catch (error) {
    if (error instanceof ConfigError || error instanceof KeyError) fail(error.message);
    throw error;
  }
}

export function loadConfigOrExit(): Config {
  return loadConfigAndKeysOrExit().config;
}

async function openEmbedded(config: Config, logger: Logger): Promise<DatabaseHandle> {
  let handle: DatabaseHandle;
  try {
    handle = await openPglite(config.dataDir);
  } catch (error) {
    if (error instanceof DataDirLockedError || error instanceof DatabaseStartError) fail(error.message);
    throw error;
  }
  try {
    const result = await migrate(handle);
    if (await purgeRemovedPlaintext(handle, result)) logger.info("existing content sealed; old plain rows purged");
    logger.info({ applied: result.applied.map((m) => m.version), backend: "pglite" }, "database ready");
    // From here on the application works as herstel_app, under row-level security.
    await switchPgliteRole(handle, APP_ROLE);
    if (result.alreadyApplied === 0 && config.nodeEnv !== "production" && config.demoData) {
      await seedDemo(handle, config, logger);
    }
  } catch (error) {
    await handle.close();
    if (error instanceof MigrationError) fail(error.message);
    throw error;
  }
  return handle;
}

/**
 * PostgreSQL may come up after Herstel (or be restarted under it): keep trying with back-off
 * and answer /readyz with 503 meanwhile, instead of crashing in a loop.
 */
function connectPostgresInBackground(
  config: Config,
  logger: Logger,
  provider: DatabaseProvider,
  health: DatabaseHealth,
  services: AppServices,
): void {
  const url = config.databaseUrl as string;
  let delay = 1000;
  let firstFailure = true;
  const attempt = async () => {
    // Migrations log in as the owner (MIGRATION_DATABASE_URL) on a connection of their own; the
    // pools for requests log in as the app's own role and work as herstel_app (ADR 0014).
    const owner = config.migrationDatabaseUrl ? openPostgres(config.migrationDatabaseUrl, 1) : undefined;
    // Bounded waiting: requests get a short statement timeout; the figures, exports
    // and imports their own small pool with a longer one, so they cannot hold up the forms.
    const bounds = { role: APP_ROLE, poolWaitMs: config.databasePoolWaitMs, onFault: health.report };
    const handle = openPostgres(url, config.databasePoolSize, {
      ...bounds,
      statementTimeoutMs: config.databaseStatementTimeoutMs,
    });
    const reports = openPostgres(url, config.databaseReportPoolSize, {
      ...bounds,
      statementTimeoutMs: config.databaseReportStatementTimeoutMs,
    });
    try {
      let applied: number[] = [];
      if (owner) {
        const result = await migrate(owner);
        applied = result.applied.map((m) => m.version);
        if (await purgeRemovedPlaintext(owner, result)) logger.info("existing content sealed; old plain rows purged");
        await owner.close();
      }
      await handle.ping(5000);
      await checkAppConnection(handle, config, logger);
      services.demo = await demoAtStart(handle, config, logger, fail);
      await checkSecondFactorSecrets(handle, config, logger);
      provider.setReady(handle, reports);
      logger.info({ applied, backend: "postgres" }, "database ready");
    } catch (error) {
      await owner?.close().catch(() => {});
      await handle.close().catch(() => {});
      await reports.close().catch(() => {});
      const message =
        error instanceof MigrationError || error instanceof DatabaseStartError
          ? error.message
          : explainPostgresError(error, url);
      provider.setProblem(message);
      if (firstFailure) {
        process.stderr.write(
          `\nHerstel is running, but the database is not available yet:\n  ${message}\n  Retrying; /readyz answers 503 until it works.\n\n`,
        );
        firstFailure = false;
      }
      logger.error({ retryInMs: delay }, message);
      setTimeout(attempt, delay).unref();
      delay = Math.min(delay * 2, 30_000);
    }
  };
  void attempt();
}

/**
 * Without MIGRATION_DATABASE_URL the schema must already be up to date (`npm run db:migrate`).
 * A login role that can become the owner is refused in production and a loud warning elsewhere.
 */
async function checkAppConnection(handle: DatabaseHandle, config: Config, logger: Logger): Promise<void> {
  const pending = config.migrationDatabaseUrl ? 0 : await pendingMigrations(handle);
  if (pending > 0) {
    throw new DatabaseStartError(
      `The database lacks ${pending} migration(s). Run \`npm run db:migrate\` with the owner's connection in DATABASE_URL (or MIGRATION_DATABASE_URL), or set MIGRATION_DATABASE_URL for Herstel.`,
    );
  }
  const problems = await appRoleProblems(handle);
  if (problems.length === 0) return;
  if (config.nodeEnv === "production") throw new DatabaseStartError(explainAppRoleProblems(problems));
  logger.warn({ problems }, `${explainAppRoleProblems(problems)} Accepted outside production only.`);
}

export type StartOptions = { dev: boolean; root: string };

export async function start({ dev, root }: StartOptions): Promise<void> {
  const { config, keys } = loadConfigAndKeysOrExit();
  const logger = createLogger(config.logLevel);
  installProcessFaultHandlers(logger);
  const database = new DatabaseProvider();
  const services: AppServices = { config, logger, database, demo: { database: false, mode: false } };
  // Logs an outage of PostgreSQL once when it starts and once when it ends.
  const health = createDatabaseHealth({
    logger,
    async ping() {
      const handle = database.current();
      if (!handle) throw new Error("no database yet");
      await handle.ping(2000);
    },
  });

  if (config.allowPlainHttp && config.nodeEnv === "production") {
    logger.warn("ALLOW_PLAIN_HTTP=local-tls-proxy: requests that did not arrive over https are accepted");
  }
  // Where the keys come from (never their values); a first start makes them in DATA_DIR/keys.
  logger.info({ keys: keys.where, created: keys.created }, "keys loaded");
  let operations: ReturnType<typeof startEmbeddedOperations> | undefined;
  if (config.databaseUrl) {
    connectPostgresInBackground(config, logger, database, health, services);
  } else {
    const handle = await openEmbedded(config, logger);
    services.demo = await demoAtStart(handle, config, logger, fail);
    await checkSecondFactorSecrets(handle, config, logger);
    database.setReady(handle);
    // The daily backup and the socket for `npm run backup` / `npm run keys:rotate` (ADR 0018).
    operations = startEmbeddedOperations(config, keys, handle, logger);
  }

  // Sends queued e-mail once the database is there; without SMTP_URL, mail waits in the outbox.
  const outbox = createOutboxWorker({
    database,
    smtpUrl: config.smtpUrl,
    mailFrom: config.mailFrom,
    logger,
    pollMs: config.outboxPollMs,
  });
  // Background jobs, each in one app instance at a time, carrying on after database faults.
  const metrics = createMetrics({ database, logger });
  const metricsServer =
    config.metricsPort !== undefined
      ? startMetricsServer(metrics, config.metricsPort, config.metricsHost, logger)
      : undefined;
  const jobs = createJobRunner({
    database,
    logger,
    dailyPollMs: config.jobsPollMs,
    onResult: (job, result, seconds) => metrics.jobResult(job, result, seconds),
  });
  if (config.smtpUrl) jobs.register(outbox.job());
  else logger.warn("SMTP_URL is not set: e-mail stays in the outbox until it is");
  jobs.register(housekeepingJob());
  jobs.register(retentionJob());
  if (operations?.daily) jobs.register(backupJob(operations.daily));
  // PGlite has no autovacuum: the app vacuums the embedded database itself (migration 0039).
  if (operations) jobs.register(vacuumJob());
  jobs.register(outcomeInvitationsJob(config.publicUrl));
  // Partners' webhooks: status changes of their referrals, signed, retried (ADR 0029).
  jobs.register(
    webhooksJob({
      appSecret: config.appSecret,
      allowLoopbackHttp: config.webhooksAllowLoopbackHttp,
      everyMs: config.outboxPollMs,
    }),
  );
  jobs.start();

  let app: ReturnType<typeof createHttpApp>;
  let closeDev: (() => Promise<void>) | undefined;
  if (dev) {
    const vite = await import("vite");
    const viteServer = await vite.createServer({ root, server: { middlewareMode: true } });
    closeDev = () => viteServer.close();
    app = createHttpApp({
      services,
      build: () => viteServer.ssrLoadModule("virtual:react-router/server-build") as Promise<ServerBuild>,
      devMiddleware: viteServer.middlewares,
      metrics,
    });
  } else {
    const buildPath = path.join(root, "build/server/index.js");
    let build: ServerBuild;
    try {
      build = (await import(buildPath)) as ServerBuild;
    } catch {
      fail(`No build found at ${buildPath}. Run \`npm run build\` first (npm start does this for you).`);
    }
    app = createHttpApp({ services, build, clientDir: path.join(root, "build/client"), metrics });
  }

  const server = app.listen(config.port, config.host);
  server.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EADDRINUSE") fail(`Port ${config.port} is already in use. Stop the other program or set PORT.`);
    fail(`The web server could not start: ${error.message}`);
  });
  server.on("listening", () => {
    logger.info({ port: config.port, database: config.databaseUrl ? "postgres" : "pglite" }, "Herstel is listening");
    if (!config.databaseUrl) {
      process.stdout.write(
        `\nHerstel is running on ${config.publicUrl.origin} (embedded database in ${config.dataDir})\n\n`,
      );
    }
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: stopping now");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      logger.error("shutdown took longer than 10 s; stopping anyway");
      process.exit(1);
    }, 10_000);
    force.unref();
    // Stop taking new connections and let running requests finish, then close the database.
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    metricsServer?.close();
    await closeDev?.();
    await outbox.stop();
    await jobs.stop();
    await operations?.stop();
    health.stop();
    await database.close();
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}
