import type { RouterContextProvider } from "react-router";
import { data } from "react-router";
import { appContext } from "../../lib/app-context.ts";
import { ErrorCode } from "../../lib/errors.ts";
import { hitRateLimit, type RateLimit, rateLimitKey } from "../rate-limit/rate-limit.server.ts";

/** What the registration routes need from the request context, in one place. */
export function registrationContext(context: Readonly<RouterContextProvider>) {
  const { services, request } = context.get(appContext);
  return {
    db: services.database.get().db,
    config: services.config,
    logger: request.logger,
    clientAddress: request.clientAddress,
  };
}

/** Refuses the request with the friendly 429 page when this client posted too often. */
export async function enforceRateLimit(
  context: Readonly<RouterContextProvider>,
  rule: RateLimit,
  now: Date,
): Promise<void> {
  const { db, config, logger, clientAddress } = registrationContext(context);
  // RATE_LIMIT_FACTOR raises every limit by configuration (a load test from a few addresses).
  const scaled = { ...rule, limit: rule.limit * config.rateLimitFactor };
  const result = await hitRateLimit(db, scaled, rateLimitKey(config.appSecret, clientAddress), now);
  if (!result.allowed) {
    logger.warn({ bucket: rule.bucket }, "rate limit reached");
    throw data(
      { code: ErrorCode.RateLimited },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
}
