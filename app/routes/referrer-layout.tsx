import { Form, NavLink, Outlet, useLoaderData } from "react-router";
import { requireReferrer, requireReferrerMiddleware } from "../features/referrers/referrer-route.server.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import type { Route } from "./+types/referrer-layout";

export const middleware: Route.MiddlewareFunction[] = [requireReferrerMiddleware];

export function loader({ context }: Route.LoaderArgs) {
  const session = requireReferrer(context);
  return {
    displayName: session.displayName,
    organisationName: session.organisationName,
    isContactPerson: session.isContactPerson,
  };
}

/** The referrers' area: their referrals, referring a client, and sign-out. */
export default function ReferrerLayout() {
  const t = useT();
  const { displayName, organisationName, isContactPerson } = useLoaderData<typeof loader>();
  return (
    <div className="herstel-staff">
      <div className="herstel-staff__bar">
        <nav aria-label={t("referrer.nav.label")} className="herstel-staff__nav">
          <ul>
            <li>
              <NavLink to="/verwijzers" end className="utrecht-link utrecht-link--html-a">
                {t("referrer.nav.referrals")}
              </NavLink>
            </li>
            <li>
              <NavLink to="/verwijzers/verwijzen" className="utrecht-link utrecht-link--html-a">
                {t("referrer.nav.refer")}
              </NavLink>
            </li>
            <li>
              <NavLink to="/verwijzers/beveiliging" className="utrecht-link utrecht-link--html-a">
                {t("referrer.nav.security")}
              </NavLink>
            </li>
            <li>
              <NavLink to="/verwijzers/sessies" className="utrecht-link utrecht-link--html-a">
                {t("referrer.nav.sessions")}
              </NavLink>
            </li>
            {isContactPerson ? (
              <li>
                <NavLink to="/verwijzers/organisatie" className="utrecht-link utrecht-link--html-a">
                  {t("referrer.nav.organisation")}
                </NavLink>
              </li>
            ) : null}
          </ul>
        </nav>
        <Form method="post" action="/verwijzers/uitloggen" className="herstel-staff__logout">
          <CsrfField />
          <span className="herstel-staff__user">
            {displayName}, {organisationName}
          </span>
          <button type="submit" className="utrecht-button utrecht-button--secondary-action">
            {t("auth.logout")}
          </button>
        </Form>
      </div>
      <Outlet />
    </div>
  );
}
