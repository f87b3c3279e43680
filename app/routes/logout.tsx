import { redirect } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { authContext, currentSession } from "../features/auth/auth-route.server.ts";
import { clearSessionCookie, endSession } from "../features/auth/session.server.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import type { Route } from "./+types/logout";

/** POST /uitloggen: ends the session on the server, not only the cookie. */
export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const { db, secure, origin } = authContext(context);
    const { token, session } = await currentSession(request, context);
    const now = new Date();
    if (token) await endSession(db, token, now);
    if (session)
      await recordAudit(db, { actorId: session.userId, action: "auth.logout", result: "allowed", origin, at: now });
    return redirect("/inloggen?uitgelogd", { status: 303, headers: { "Set-Cookie": clearSessionCookie(secure) } });
  });
}

/** Signing out changes state, so GET does nothing. */
export function loader(): never {
  throw routeError(ErrorCode.NotFound);
}

export default function Logout() {
  return null;
}
