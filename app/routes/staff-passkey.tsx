import { redirect } from "react-router";
import { authContext, currentSession } from "../features/auth/auth-route.server.ts";
import { relyingParty } from "../features/auth/passkeys.server.ts";
import { createSession, sessionCookie } from "../features/auth/session.server.ts";
import {
  addStaffPasskey,
  recentlyReauthenticated,
  signInStaffWithPasskey,
  staffRegistrationOptions,
  staffSignInOptions,
} from "../features/auth/staff-passkeys.server.ts";
import { passkeyCeremonyAllowed } from "../features/referrers/referrer-passkeys.server.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import type { Route } from "./+types/staff-passkey";

/**
 * Staff passkeys (public/passkey.js posts here; no page of its own):
 * - sign-in(-options): a passkey instead of password plus code;
 * - second-factor(-options): after the password, a passkey instead of the code;
 * - register(-options): a new passkey, within five minutes of giving password and code again
 *   (on /medewerkers/account/passkeys).
 */
export function loader() {
  return redirect("/inloggen", 303);
}

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const { db, config, secure, origin } = authContext(context);
    const form = await request.formData();
    const intent = String(form.get("intent") ?? "");
    const rp = relyingParty(config.publicUrl);
    const now = new Date();
    const userAgent = request.headers.get("user-agent") ?? "";
    const current = await currentSession(request, context);
    const session = current.session;
    if (intent.endsWith("-options") && !(await passkeyCeremonyAllowed(db, config.appSecret, origin, now))) {
      throw routeError(ErrorCode.RateLimited);
    }
    const signedIn = async (userId: number) => {
      const token = await createSession(db, {
        userId,
        now,
        userAgent,
        secondFactor: true,
        previousToken: current.token,
      });
      return redirect("/medewerkers", { status: 303, headers: { "Set-Cookie": sessionCookie(token, secure) } });
    };

    if (intent === "sign-in-options") return Response.json(await staffSignInOptions(db, { rp, now }));
    if (intent === "sign-in") {
      const result = await signInStaffWithPasskey(db, { response: form.get("credential"), rp, origin, now });
      return result.ok ? signedIn(result.userId) : redirect("/inloggen?passkey=mislukt", 303);
    }

    // After the password: only for that person's half-made session.
    if (intent === "second-factor-options" || intent === "second-factor") {
      if (!session || session.secondFactorAt) return redirect("/inloggen", 303);
      if (intent === "second-factor-options") {
        return Response.json(await staffSignInOptions(db, { rp, userId: session.userId, now }));
      }
      const result = await signInStaffWithPasskey(db, {
        response: form.get("credential"),
        rp,
        origin,
        now,
        userId: session.userId,
      });
      return result.ok ? signedIn(result.userId) : redirect("/inloggen/code?passkey=mislukt", 303);
    }

    if (intent !== "register-options" && intent !== "register") throw routeError(ErrorCode.BadRequest);
    if (!session?.secondFactorAt) return redirect("/inloggen", 303);
    if (!recentlyReauthenticated(session.reauthenticatedAt, now)) {
      return redirect("/medewerkers/account/passkeys?passkey=opnieuw", 303);
    }
    if (intent === "register-options") {
      return Response.json(
        await staffRegistrationOptions(db, {
          userId: session.userId,
          email: session.email,
          displayName: session.displayName,
          rp,
          now,
        }),
      );
    }
    const added = await addStaffPasskey(db, {
      userId: session.userId,
      response: form.get("credential"),
      rp,
      origin,
      userAgent,
      now,
    });
    return redirect(`/medewerkers/account/passkeys?passkey=${added ? "toegevoegd" : "mislukt"}`, 303);
  });
}
