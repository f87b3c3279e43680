import { redirect } from "react-router";
import { authContext } from "../features/auth/auth-route.server.ts";
import { relyingParty } from "../features/auth/passkeys.server.ts";
import {
  addReferrerPasskey,
  passkeyCeremonyAllowed,
  referrerRegistrationOptions,
  referrerSignInOptions,
  signInReferrerWithPasskey,
} from "../features/referrers/referrer-passkeys.server.ts";
import { currentReferrerSession } from "../features/referrers/referrer-route.server.ts";
import { createReferrerSession, referrerSessionCookie } from "../features/referrers/referrer-session.server.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import type { Route } from "./+types/referrer-passkey";

/**
 * Referrers' passkeys (public/passkey.js posts here; no page of its own):
 * - sign-in(-options): any referrer's passkey signs them in, no address asked;
 * - register(-options): a passkey for the signed-in referrer, or as the first way in right after
 *   the e-mail link of a new account (instead of an authenticator app).
 * Options are answered as JSON; a result as a redirect to the page that asked.
 */
export function loader() {
  return redirect("/verwijzers/inloggen", 303);
}

const SIGN_IN_FAILED = "/verwijzers/inloggen?passkey=mislukt";

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const { db, config, secure, origin } = authContext(context);
    const form = await request.formData();
    const intent = form.get("intent");
    const rp = relyingParty(config.publicUrl);
    const now = new Date();
    const userAgent = request.headers.get("user-agent") ?? "";
    const current = await currentReferrerSession(request, context);

    if (intent === "sign-in-options" || intent === "register-options") {
      if (!(await passkeyCeremonyAllowed(db, config.appSecret, origin, now))) throw routeError(ErrorCode.RateLimited);
    }
    if (intent === "sign-in-options") return Response.json(await referrerSignInOptions(db, { rp, now }));
    if (intent === "sign-in") {
      const result = await signInReferrerWithPasskey(db, { response: form.get("credential"), rp, origin, now });
      if (!result.ok) return redirect(SIGN_IN_FAILED, 303);
      const token = await createReferrerSession(db, {
        referrerId: result.referrerId,
        now,
        userAgent,
        secondFactor: true,
        previousToken: current.token,
      });
      return redirect("/verwijzers", { status: 303, headers: { "Set-Cookie": referrerSessionCookie(token, secure) } });
    }

    if (intent !== "register-options" && intent !== "register") throw routeError(ErrorCode.BadRequest);
    const session = current.session;
    // A complete session adds a passkey; a link-only session only as the account's first way in.
    const firstFactor = session !== undefined && !session.secondFactorAt && !session.hasTotp && !session.hasPasskey;
    if (!session || !current.token || !(session.secondFactorAt || firstFactor)) {
      return redirect("/verwijzers/inloggen", 303);
    }
    if (intent === "register-options") {
      return Response.json(
        await referrerRegistrationOptions(db, {
          referrerId: session.referrerId,
          email: session.email,
          displayName: session.displayName,
          rp,
          now,
        }),
      );
    }
    const added = await addReferrerPasskey(db, {
      referrerId: session.referrerId,
      response: form.get("credential"),
      rp,
      origin,
      userAgent,
      now,
    });
    if (!firstFactor) return redirect(`/verwijzers/beveiliging?passkey=${added ? "toegevoegd" : "mislukt"}`, 303);
    if (!added) return redirect("/verwijzers/inloggen/instellen?passkey=mislukt", 303);
    // A new session id once the account's way in is set up (SECURITY.md 10).
    const token = await createReferrerSession(db, {
      referrerId: session.referrerId,
      now,
      userAgent,
      secondFactor: true,
      previousToken: current.token,
    });
    return redirect("/verwijzers", { status: 303, headers: { "Set-Cookie": referrerSessionCookie(token, secure) } });
  });
}
