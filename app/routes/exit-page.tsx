import { redirect } from "react-router";
import { clearDraftCookie, draftIdFrom } from "../features/registration/registration-session.server.ts";
import { endFormSession, neutralSite } from "../features/safe-exit/safe-exit.server.ts";
import { DEFAULT_NEUTRAL_SITE, mayEndSession } from "../features/safe-exit/safe-exit.ts";
import { appContext } from "../lib/app-context.ts";
import type { Route } from "./+types/exit-page";

/**
 * "Exit this page": ends this browser's form session (the draft and its cookie) and sends the
 * visitor to the neutral site. A plain link reaches it without JavaScript; with JavaScript the
 * page replaces itself with this address, so Back does not return to the form. It never fails:
 * without the database the visitor still leaves (to the default site), and the cookie still goes.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const { services, request: meta } = context.get(appContext);
  const endSession = mayEndSession(request.headers.get("sec-fetch-site"));
  let target = DEFAULT_NEUTRAL_SITE;
  try {
    const { db } = services.database.get();
    target = (await neutralSite(db)).url;
    if (endSession && (await endFormSession(db, draftIdFrom(request)))) meta.logger.info("form session ended by exit");
  } catch (error) {
    meta.logger.warn({ err: error }, "exit: database not reachable; the visitor leaves all the same");
  }
  const headers = endSession ? { "Set-Cookie": clearDraftCookie(services.config.secureCookies) } : undefined;
  return redirect(target, { status: 303, headers });
}
