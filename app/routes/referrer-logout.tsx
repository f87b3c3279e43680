import { redirect } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { authContext } from "../features/auth/auth-route.server.ts";
import { referrerLabel } from "../features/referrers/referrer-accounts.commands.server.ts";
import { currentReferrerSession } from "../features/referrers/referrer-route.server.ts";
import { clearReferrerSessionCookie, endReferrerSession } from "../features/referrers/referrer-session.server.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import type { Route } from "./+types/referrer-logout";

/** POST /verwijzers/uitloggen: ends the referrer's session on the server. */
export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const { db, secure, origin } = authContext(context);
    const { token, session } = await currentReferrerSession(request, context);
    const now = new Date();
    if (token) await endReferrerSession(db, token, now);
    if (session)
      await recordAudit(db, {
        actorId: null,
        actorLabel: referrerLabel(session.referrerId),
        action: "referrer.logout",
        result: "allowed",
        origin,
        at: now,
      });
    return redirect("/verwijzers/inloggen?uitgelogd", {
      status: 303,
      headers: { "Set-Cookie": clearReferrerSessionCookie(secure) },
    });
  });
}

/** Signing out changes state, so GET does nothing. */
export function loader(): never {
  throw routeError(ErrorCode.NotFound);
}

export default function ReferrerLogout() {
  return null;
}
