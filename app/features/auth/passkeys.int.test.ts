import { expect, it } from "vitest";
import { describeWithDatabase } from "../../db/testing/test-database.ts";
import { CHALLENGE_LIFETIME_MS, registrationOptions, relyingParty, verifyRegistration } from "./passkeys.server.ts";

/**
 * The challenge store (ADR 0029): the challenge the browser is given is the one stored, it is
 * bound to its account, and it is taken once, whatever the answer. The full ceremonies with a
 * real authenticator are in e2e/referrer-passkey.e2e.ts (Chromium's virtual authenticator).
 */
describeWithDatabase("passkey challenges", (handle) => {
  const rp = relyingParty(new URL("https://herstel.example"));

  /** A browser answer with this challenge in its client data and no valid attestation. */
  function forged(challenge: string): string {
    const clientData = Buffer.from(
      JSON.stringify({ type: "webauthn.create", challenge, origin: "https://herstel.example" }),
    ).toString("base64url");
    const id = Buffer.from("credential-id-0001").toString("base64url");
    return JSON.stringify({
      id,
      rawId: id,
      type: "public-key",
      response: { clientDataJSON: clientData, attestationObject: "AAAA" },
    });
  }

  it("stores the challenge it gives, bound to the account, and takes it once", async () => {
    const db = handle().db;
    const user = await db
      .insertInto("staff_user")
      .values({ email: "passkey@test.example", display_name: "Passkey", status: "active" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const now = new Date();
    const options = await registrationOptions(db, {
      rp,
      purpose: "staff.register",
      owner: { staffId: user.id },
      userName: "passkey@test.example",
      displayName: "Passkey",
      existing: [],
      now,
    });
    expect(options.rp).toEqual({ id: "herstel.example", name: "Herstel" });
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    const stored = await db.selectFrom("webauthn_challenge").selectAll().execute();
    expect(stored.map((c) => c.challenge)).toEqual([options.challenge]);
    expect(stored[0]?.expires_at.getTime()).toBe(now.getTime() + CHALLENGE_LIFETIME_MS);

    const verify = (response: string, staffId = user.id, at = now) =>
      verifyRegistration(db, { rp, purpose: "staff.register", owner: { staffId }, response, now: at });
    expect(await verify("{not json")).toEqual({ ok: false, reason: "malformed" });
    // Another account's answer to this challenge: refused, and the challenge is spent.
    expect(await verify(forged(options.challenge), user.id + 1000)).toEqual({ ok: false, reason: "challenge" });
    expect(await db.selectFrom("webauthn_challenge").selectAll().execute()).toEqual([]);

    const again = await registrationOptions(db, {
      rp,
      purpose: "staff.register",
      owner: { staffId: user.id },
      userName: "passkey@test.example",
      displayName: "Passkey",
      existing: [],
      now,
    });
    // Its own account, but no valid attestation: invalid; used once, so a replay meets no challenge.
    expect(await verify(forged(again.challenge))).toEqual({ ok: false, reason: "invalid" });
    expect(await verify(forged(again.challenge))).toEqual({ ok: false, reason: "challenge" });
    // Expired after five minutes.
    const late = await registrationOptions(db, {
      rp,
      purpose: "staff.register",
      owner: { staffId: user.id },
      userName: "passkey@test.example",
      displayName: "Passkey",
      existing: [],
      now,
    });
    const after = new Date(now.getTime() + CHALLENGE_LIFETIME_MS + 1);
    expect(await verify(forged(late.challenge), user.id, after)).toEqual({ ok: false, reason: "challenge" });
  });

  it("stores a passkey's credential id as browsers give it, and refuses what is not base64url", async () => {
    const db = handle().db;
    const user = await db
      .insertInto("staff_user")
      .values({ email: "credential@test.example", display_name: "Credential", status: "active" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const insert = (credentialId: string) =>
      db
        .insertInto("webauthn_credential")
        .values({
          credential_id: credentialId,
          public_key: Buffer.from("public key"),
          sign_count: 0,
          transports: ["internal"],
          device_type: "singleDevice",
          backed_up: false,
          referrer_user_id: null,
          staff_user_id: user.id,
          label: "Chrome op Linux",
          created_at: new Date(),
        })
        .returning("credential_id")
        .executeTakeFirstOrThrow();
    // A 32-byte id (Chromium's virtual authenticator) and the longest the table takes.
    const short = Buffer.alloc(32, 7).toString("base64url");
    expect(await insert(short)).toEqual({ credential_id: short });
    const longest = "A".repeat(1400);
    expect(await insert(longest)).toEqual({ credential_id: longest });
    await expect(insert("B".repeat(1401))).rejects.toThrow(/check constraint/);
    await expect(insert("too short")).rejects.toThrow(/check constraint/);
    await expect(insert("not+base64url/at=all")).rejects.toThrow(/check constraint/);
  });
});
