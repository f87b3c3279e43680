import { createContext, type MiddlewareFunction, type RouterContextProvider, redirect } from "react-router";
import { appContext } from "../../lib/app-context.ts";
import { withDomainErrors } from "../../lib/errors.ts";
import { type LoadedSession, loadSession, sessionTokenFrom } from "./session.server.ts";

/** What sign-in and staff routes need from the request context, in one place. */
export function authContext(context: Readonly<RouterContextProvider>) {
  const { services, request } = context.get(appContext);
  return {
    db: services.database.get().db,
    /** For the figures, exports and imports: a separate pool with a longer statement timeout. */
    get reportDb() {
      return services.database.reports().db;
    },
    config: services.config,
    secure: services.config.secureCookies,
    origin: request.clientAddress,
    logger: request.logger,
  };
}

/** The session of this browser, whatever its stage (password only or complete). */
export async function currentSession(request: Request, context: Readonly<RouterContextProvider>) {
  const { db, secure } = authContext(context);
  const token = sessionTokenFrom(request, secure);
  return { token, session: await loadSession(db, token, new Date()) };
}

export const staffContext = createContext<LoadedSession>();

/**
 * Guards everything under /medewerkers: without a session, to the sign-in page (API requests
 * get 401); with only a password, to the second step. A password-only session reaches nothing.
 */
export const requireStaffMiddleware: MiddlewareFunction<Response> = async ({ request, context }, next) => {
  // A database that is away gives the 503 page here too, not a 500.
  const { session } = await withDomainErrors(() => currentSession(request, context));
  const isApi = new URL(request.url).pathname.startsWith("/api/");
  if (!session?.secondFactorAt) {
    if (isApi)
      throw new Response(JSON.stringify({ error: "unauthenticated" }), {
        status: 401,
        headers: { "content-type": "application/json" },
      });
    if (!session) throw redirect("/inloggen", 303);
    throw redirect(session.hasTotp ? "/inloggen/code" : "/inloggen/instellen", 303);
  }
  context.set(staffContext, session);
  return next();
};

/** The signed-in staff member (only under the staff middleware). */
export function requireSession(context: Readonly<RouterContextProvider>): LoadedSession {
  return context.get(staffContext);
}
