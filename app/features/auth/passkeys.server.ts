import { randomBytes } from "node:crypto";
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import type { Kysely, Selectable } from "kysely";
import type { Database, WebauthnChallengeTable, WebauthnCredentialTable } from "../../db/schema.ts";

/**
 * Passkeys (WebAuthn, ADR 0029) with SimpleWebAuthn: the parts that referrers and staff share.
 * The relying party is PUBLIC_URL: its host name is the RP ID and its origin the only origin a
 * response may come from. Challenges live in the database (webauthn_challenge), five minutes,
 * and are deleted when used, so that any instance can verify and none twice. Every passkey must
 * verify the user (PIN or biometrics): a passkey alone then counts as two factors.
 */
type Db = Kysely<Database>;

export const CHALLENGE_LIFETIME_MS = 5 * 60 * 1000;
/** How long the browser waits for the person (the challenge outlives it). */
const CEREMONY_TIMEOUT_MS = 3 * 60 * 1000;

export type RelyingParty = { id: string; name: string; origin: string };

export function relyingParty(publicUrl: URL): RelyingParty {
  return { id: publicUrl.hostname, name: "Herstel", origin: publicUrl.origin };
}

export type Purpose = WebauthnChallengeTable["purpose"];
export type PasskeyOwner = { referrerId: number } | { staffId: number };
export type StoredCredential = Selectable<WebauthnCredentialTable>;

function ownerColumns(owner: PasskeyOwner | undefined) {
  return {
    referrer_user_id: owner && "referrerId" in owner ? owner.referrerId : null,
    staff_user_id: owner && "staffId" in owner ? owner.staffId : null,
  };
}

/**
 * Stores a new challenge and returns its bytes. The library is given the bytes (a string would
 * be taken as UTF-8 text and encoded once more), so the browser signs base64url(bytes), which is
 * what is stored.
 */
async function storeChallenge(
  db: Db,
  purpose: Purpose,
  owner: PasskeyOwner | undefined,
  now: Date,
): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = new Uint8Array(randomBytes(32));
  const challenge = Buffer.from(bytes).toString("base64url");
  await db.deleteFrom("webauthn_challenge").where("expires_at", "<", now).execute();
  await db
    .insertInto("webauthn_challenge")
    .values({
      challenge,
      purpose,
      ...ownerColumns(owner),
      created_at: now,
      expires_at: new Date(now.getTime() + CHALLENGE_LIFETIME_MS),
    })
    .execute();
  return bytes;
}

/**
 * Takes a challenge once: deleted whatever follows, so a response can never be replayed. Only a
 * challenge of this purpose (and, for registration, this account) that has not expired counts.
 */
async function takeChallenge(
  db: Db,
  challenge: string,
  purpose: Purpose,
  owner: PasskeyOwner | undefined,
  now: Date,
): Promise<boolean> {
  if (!/^[A-Za-z0-9_-]{32,128}$/.test(challenge)) return false;
  const row = await db
    .deleteFrom("webauthn_challenge")
    .where("challenge", "=", challenge)
    .returning(["purpose", "referrer_user_id", "staff_user_id", "expires_at"])
    .executeTakeFirst();
  if (!row || row.purpose !== purpose || row.expires_at.getTime() <= now.getTime()) return false;
  if (!owner) return true;
  const expected = ownerColumns(owner);
  return row.referrer_user_id === expected.referrer_user_id && row.staff_user_id === expected.staff_user_id;
}

/** The challenge a response answers, read from its client data (verified again by the library). */
function challengeIn(clientDataJSON: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8")) as { challenge?: unknown };
    return typeof parsed.challenge === "string" ? parsed.challenge : "";
  } catch {
    return "";
  }
}

const B64URL = /^[A-Za-z0-9_-]+$/;
const isB64 = (v: unknown, max = 20_000): v is string => typeof v === "string" && v.length <= max && B64URL.test(v);

/** The browser's answer as posted by passkey.js (JSON in a form field); undefined when malformed. */
export function parseRegistrationResponse(text: unknown): RegistrationResponseJSON | undefined {
  const { value, response } = credentialParts(text);
  if (!value) return undefined;
  if (!response || !isB64(response.clientDataJSON) || !isB64(response.attestationObject)) return undefined;
  const transports = Array.isArray(response.transports)
    ? response.transports.filter((t): t is string => typeof t === "string" && /^[a-z-]{1,20}$/.test(t)).slice(0, 10)
    : [];
  return {
    id: value.id,
    rawId: value.rawId,
    type: "public-key",
    clientExtensionResults: {},
    response: {
      clientDataJSON: response.clientDataJSON,
      attestationObject: response.attestationObject,
      transports: transports as RegistrationResponseJSON["response"]["transports"],
    },
  };
}

export function parseAuthenticationResponse(text: unknown): AuthenticationResponseJSON | undefined {
  const { value, response } = credentialParts(text);
  if (!value) return undefined;
  if (!response || !isB64(response.clientDataJSON) || !isB64(response.authenticatorData) || !isB64(response.signature))
    return undefined;
  const userHandle = response.userHandle;
  if (userHandle !== undefined && userHandle !== null && !isB64(userHandle, 200)) return undefined;
  return {
    id: value.id,
    rawId: value.rawId,
    type: "public-key",
    clientExtensionResults: {},
    response: {
      clientDataJSON: response.clientDataJSON,
      authenticatorData: response.authenticatorData,
      signature: response.signature,
      userHandle: typeof userHandle === "string" ? userHandle : undefined,
    },
  };
}

/** The common part of both answers: a public-key credential with its ids, and its response. */
function credentialParts(text: unknown): {
  value?: Record<string, unknown> & { id: string; rawId: string };
  response?: Record<string, unknown>;
} {
  const value = parseJson(text);
  if (value?.type !== "public-key" || !isB64(value.id, 1400) || !isB64(value.rawId, 1400)) return {};
  const response = value.response;
  return {
    value: value as Record<string, unknown> & { id: string; rawId: string },
    response: response && typeof response === "object" ? (response as Record<string, unknown>) : undefined,
  };
}

function parseJson(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== "string" || text.length > 60_000) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Options to make a passkey: resident (discoverable) and user-verifying, none of theirs again. */
export async function registrationOptions(
  db: Db,
  input: {
    rp: RelyingParty;
    purpose: Purpose;
    owner: PasskeyOwner;
    userName: string;
    displayName: string;
    existing: { credential_id: string; transports: string[] }[];
    now: Date;
  },
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const challenge = await storeChallenge(db, input.purpose, input.owner, input.now);
  const userId = "referrerId" in input.owner ? `r${input.owner.referrerId}` : `s${input.owner.staffId}`;
  return generateRegistrationOptions({
    rpName: input.rp.name,
    rpID: input.rp.id,
    userName: input.userName,
    userDisplayName: input.displayName,
    userID: new TextEncoder().encode(userId),
    challenge,
    timeout: CEREMONY_TIMEOUT_MS,
    attestationType: "none",
    excludeCredentials: input.existing.map((c) => ({ id: c.credential_id, transports: c.transports })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
}

export type NewCredential = Omit<
  StoredCredential,
  "id" | "referrer_user_id" | "staff_user_id" | "label" | "created_at" | "last_used_at"
>;

/** Checks a new passkey against its challenge and the relying party; what to store, or why not. */
export async function verifyRegistration(
  db: Db,
  input: { rp: RelyingParty; purpose: Purpose; owner: PasskeyOwner; response: unknown; now: Date },
): Promise<{ ok: true; credential: NewCredential } | { ok: false; reason: "malformed" | "challenge" | "invalid" }> {
  const response = parseRegistrationResponse(input.response);
  if (!response) return { ok: false, reason: "malformed" };
  const challenge = challengeIn(response.response.clientDataJSON);
  if (!(await takeChallenge(db, challenge, input.purpose, input.owner, input.now))) {
    return { ok: false, reason: "challenge" };
  }
  try {
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: input.rp.origin,
      expectedRPID: input.rp.id,
      requireUserVerification: true,
    });
    if (!result.verified) return { ok: false, reason: "invalid" };
    const info = result.registrationInfo;
    return {
      ok: true,
      credential: {
        credential_id: info.credential.id,
        public_key: info.credential.publicKey,
        sign_count: info.credential.counter,
        transports: info.credential.transports ?? [],
        device_type: info.credentialDeviceType,
        backed_up: info.credentialBackedUp,
      },
    };
  } catch {
    return { ok: false, reason: "invalid" };
  }
}

/** Options to sign in: any discoverable passkey of this site, or (second factor) these. */
export async function signInOptions(
  db: Db,
  input: {
    rp: RelyingParty;
    purpose: Purpose;
    owner?: PasskeyOwner;
    allow?: { credential_id: string; transports: string[] }[];
    now: Date;
  },
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const challenge = await storeChallenge(db, input.purpose, input.owner, input.now);
  return generateAuthenticationOptions({
    rpID: input.rp.id,
    challenge,
    timeout: CEREMONY_TIMEOUT_MS,
    userVerification: "required",
    allowCredentials: input.allow?.map((c) => ({ id: c.credential_id, transports: c.transports })),
  });
}

export type SignInFailure = "malformed" | "challenge" | "unknown_credential" | "invalid" | "counter";

/**
 * Checks a sign-in: the challenge (taken once), the stored credential (found by `find`, within the
 * caller's row-level security), the signature, user verification and the counter. A counter
 * that did not go up (when the authenticator keeps one) means a cloned authenticator: refused.
 * The new counter is written only if nobody else moved it meanwhile.
 */
export async function verifySignIn(
  db: Db,
  input: {
    rp: RelyingParty;
    purpose: Purpose;
    owner?: PasskeyOwner;
    response: unknown;
    now: Date;
    find: (credentialId: string) => Promise<StoredCredential | undefined>;
  },
): Promise<{ ok: true; credential: StoredCredential } | { ok: false; reason: SignInFailure; credentialId?: number }> {
  const response = parseAuthenticationResponse(input.response);
  if (!response) return { ok: false, reason: "malformed" };
  const challenge = challengeIn(response.response.clientDataJSON);
  if (!(await takeChallenge(db, challenge, input.purpose, input.owner, input.now))) {
    return { ok: false, reason: "challenge" };
  }
  const stored = await input.find(response.id);
  if (!stored) return { ok: false, reason: "unknown_credential" };
  let newCounter: number;
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: input.rp.origin,
      expectedRPID: input.rp.id,
      requireUserVerification: true,
      credential: {
        id: stored.credential_id,
        publicKey: new Uint8Array(stored.public_key),
        counter: Number(stored.sign_count),
        transports: stored.transports,
      },
    });
    if (!result.verified) return { ok: false, reason: "invalid", credentialId: stored.id };
    newCounter = result.authenticationInfo.newCounter;
  } catch (error) {
    const counter = error instanceof Error && /counter/i.test(error.message);
    return { ok: false, reason: counter ? "counter" : "invalid", credentialId: stored.id };
  }
  const updated = await db
    .updateTable("webauthn_credential")
    .set({ sign_count: newCounter, last_used_at: input.now })
    .where("id", "=", stored.id)
    .where("sign_count", "=", stored.sign_count)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return { ok: false, reason: "counter", credentialId: stored.id };
  return { ok: true, credential: stored };
}

/** A short name for a new passkey, from the browser that made it ("Chrome op Linux"). */
export function passkeyLabel(summary: string, now: Date): string {
  const date = now.toISOString().slice(0, 10);
  return `${summary || "Passkey"} (${date})`.slice(0, 100);
}
