import { createContext, type MiddlewareFunction, type RouterContextProvider, redirect } from "react-router";
import { withDomainErrors } from "../../lib/errors.ts";
import { authContext } from "../auth/auth-route.server.ts";
import type { ReferrerDetails } from "./referrer-referrals.server.ts";
import { loadReferrerSession, type ReferrerSession, referrerTokenFrom } from "./referrer-session.server.ts";

/** The referrer session of this browser, whatever its stage (link only or complete). */
export async function currentReferrerSession(request: Request, context: Readonly<RouterContextProvider>) {
  const { db, secure } = authContext(context);
  const token = referrerTokenFrom(request, secure);
  return { token, session: await loadReferrerSession(db, token, new Date()) };
}

export const referrerContext = createContext<ReferrerSession>();

/** Guards the referrer area: a complete referrer session, or to the referrer sign-in. */
export const requireReferrerMiddleware: MiddlewareFunction<Response> = async ({ request, context }, next) => {
  const { session } = await withDomainErrors(() => currentReferrerSession(request, context));
  if (!session) throw redirect("/verwijzers/inloggen", 303);
  if (!session.secondFactorAt)
    throw redirect(
      session.hasTotp || session.hasPasskey ? "/verwijzers/inloggen/code" : "/verwijzers/inloggen/instellen",
      303,
    );
  context.set(referrerContext, session);
  return next();
};

export function requireReferrer(context: Readonly<RouterContextProvider>): ReferrerSession {
  return context.get(referrerContext);
}

export function detailsOf(session: ReferrerSession): ReferrerDetails {
  return {
    referrerId: session.referrerId,
    organisationId: session.organisationId,
    organisationName: session.organisationName,
    referrerType: session.referrerType,
    displayName: session.displayName,
    email: session.email,
    jobTitle: session.jobTitle,
    phone: session.phone,
  };
}
