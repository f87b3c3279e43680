import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Pure rules of partners' webhooks (ADR 0029): the endpoint address, the signature, the body.
 * The signature follows the common convention (Stripe, Standard Webhooks): an HMAC-SHA256 under
 * the endpoint's secret over "<unix seconds>.<body>", sent as `Herstel-Signature: t=…,v1=…`, so a
 * receiver can check that the call is ours, unchanged, and recent (not a replay).
 */
export const SIGNATURE_HEADER = "Herstel-Signature";
export const EVENT_ID_HEADER = "Herstel-Event-Id";
/** A receiver should refuse a call whose timestamp is further than this from its own clock. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signatureHeader(secret: string, timestampSeconds: number, body: string): string {
  const mac = createHmac("sha256", secret).update(`${timestampSeconds}.${body}`).digest("hex");
  return `t=${timestampSeconds},v1=${mac}`;
}

/** What a receiver does (and the integration test checks): signature, and a recent timestamp. */
export function verifySignature(
  secret: string,
  header: string | null,
  body: string,
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  const parts = Object.fromEntries(
    (header ?? "").split(",").map((p) => {
      const at = p.indexOf("=");
      return [p.slice(0, at).trim(), p.slice(at + 1).trim()];
    }),
  );
  const t = Number(parts.t);
  if (!Number.isSafeInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureHeader(secret, t, body).split("v1=")[1] ?? "", "hex");
  const given = Buffer.from(typeof parts.v1 === "string" && /^[0-9a-f]{64}$/.test(parts.v1) ? parts.v1 : "", "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Why an endpoint address is refused, or undefined when it is fine: https only (a plain-http
 * loopback address only where the configuration allows it, for tests), no user name or
 * password in it, no fragment, of a sensible length.
 */
export function webhookUrlProblem(value: string, allowLoopbackHttp = false): "invalid" | "https" | undefined {
  if (value.length > 500 || !URL.canParse(value)) return "invalid";
  const url = new URL(value);
  if (url.username || url.password || url.hash) return "invalid";
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && allowLoopbackHttp && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  return "https";
}

export type WebhookEvent = {
  id: string;
  type: "referral.status_changed";
  reference: string;
  status: "received" | "taken_up" | "closed" | "withdrawn";
  occurredAt: string;
};

/** The body of a delivery: reference, status and time; never anything of the referral's content. */
export function webhookBody(delivery: {
  event_id: string;
  reference: string;
  status: WebhookEvent["status"];
  occurred_at: Date;
}): string {
  const event: WebhookEvent = {
    id: delivery.event_id,
    type: "referral.status_changed",
    reference: delivery.reference,
    status: delivery.status,
    occurredAt: delivery.occurred_at.toISOString(),
  };
  return JSON.stringify(event);
}

/** After this many attempts a delivery is kept as failed (with the back-off: about two days). */
export const WEBHOOK_MAX_ATTEMPTS = 48;
