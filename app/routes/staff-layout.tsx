import type { ReactNode } from "react";
import { Form, Link, NavLink, Outlet, useLoaderData, useRouteLoaderData } from "react-router";
import { requireSession, requireStaffMiddleware } from "../features/auth/auth-route.server.ts";
import { abilities, type Permission } from "../features/auth/permissions.ts";
import { staffShellHandle } from "../lib/client-scripts.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import staffCss from "../styles/staff.css?url";
import { CsrfField } from "../ui/csrf-field.tsx";
import { LanguageSwitch } from "../ui/language-switch.tsx";
import { RouteError } from "../ui/route-error.tsx";
import type { Route } from "./+types/staff-layout";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: staffCss }];

export const middleware: Route.MiddlewareFunction[] = [requireStaffMiddleware];

/** React in the browser, and the staff area's own header, menu and main instead of the public ones. */
export const handle = staffShellHandle;

export function loader({ context }: Route.LoaderArgs) {
  const session = requireSession(context);
  return {
    displayName: session.displayName,
    roles: [...session.actor.roles],
    abilities: abilities(session.actor),
  };
}

/** The daily work first, then management; the person's own account and sessions are beside their name. */
const NAV: { to: string; label: MessageKey; needs?: Permission }[] = [
  { to: "/medewerkers", label: "staff.nav.home" },
  { to: "/medewerkers/aanmeldingen", label: "staff.nav.registrations", needs: "registration.list" },
  { to: "/medewerkers/zaken", label: "staff.nav.cases", needs: "case.list" },
  { to: "/medewerkers/taken", label: "tasks.mine", needs: "case.list" },
  { to: "/medewerkers/cijfers", label: "stats.title", needs: "statistics.read" },
  { to: "/medewerkers/beheer/gebruikers", label: "staff.nav.users", needs: "user.list" },
  { to: "/medewerkers/beheer/import", label: "import.nav", needs: "registration.import" },
  { to: "/medewerkers/beheer/toegang", label: "grants.nav", needs: "user.list" },
  { to: "/medewerkers/beheer/instellingen", label: "safeExit.setting.nav", needs: "settings.update" },
  { to: "/medewerkers/beheer/vragenlijsten", label: "adminQuestionnaires.link", needs: "user.list" },
  { to: "/medewerkers/beheer/verwijzers", label: "referrer.admin.nav", needs: "referrer-organisation.manage" },
  { to: "/medewerkers/noodtoegang", label: "staff.nav.breakGlass", needs: "break-glass.review" },
  { to: "/medewerkers/privacy", label: "privacy.nav", needs: "privacy.overview" },
  { to: "/medewerkers/beheer/bewaartermijnen", label: "retention.nav", needs: "retention.configure" },
];

/**
 * The staff area's frame: the service's name, the signed-in person with their account, sessions
 * and sign-out, a search for cases (a reference or a party's name, sent as a form post to the
 * case list so that names never appear in an address), the menu of what this person may use,
 * and a main area as wide as the window for tables. No public menu, no reading column.
 */
export default function StaffLayout() {
  return (
    <StaffFrame data={useLoaderData<typeof loader>()}>
      <Outlet />
    </StaffFrame>
  );
}

function StaffFrame({ data, children }: { data: Awaited<ReturnType<typeof loader>>; children: ReactNode }) {
  const t = useT();
  const { displayName, roles, abilities: allowed } = data;
  const may = (needs?: Permission) => !needs || (allowed as string[]).includes(needs);
  return (
    <>
      <header className="herstel-staff-header">
        <div className="herstel-staff-header__bar">
          <Link to="/medewerkers" className="herstel-staff-header__brand">
            {t("app.name")}
            <span className="herstel-staff-header__area">{t("workspace.area")}</span>
          </Link>
          {may("case.list") ? (
            <Form
              method="post"
              action="/medewerkers/zaken"
              role="search"
              className="herstel-staff-search"
              aria-label={t("workspace.search.label")}
            >
              <CsrfField />
              <label htmlFor="herstel-staff-search" className="herstel-visually-hidden">
                {t("workspace.search.label")}
              </label>
              <input
                id="herstel-staff-search"
                type="search"
                name="q"
                maxLength={100}
                required
                placeholder={t("workspace.search.placeholder")}
                className="utrecht-textbox utrecht-textbox--html-input herstel-staff-search__input"
              />
              <button type="submit" className="utrecht-button utrecht-button--secondary-action">
                {t("cases.searchButton")}
              </button>
            </Form>
          ) : null}
          <div className="herstel-staff-header__user">
            <span>
              <span className="herstel-staff-header__name">{displayName}</span>
              <span className="herstel-staff-header__roles">
                {roles.map((r) => t(`staff.role.${r}` as MessageKey)).join(", ")}
              </span>
            </span>
            <NavLink to="/medewerkers/account" className="herstel-staff-header__link">
              {t("staff.nav.account")}
            </NavLink>
            <NavLink to="/medewerkers/sessies" className="herstel-staff-header__link">
              {t("staff.nav.sessions")}
            </NavLink>
            <LanguageSwitch />
            <Form method="post" action="/uitloggen" className="herstel-staff-header__logout">
              <CsrfField />
              <button type="submit" className="herstel-staff-header__button">
                {t("auth.logout")}
              </button>
            </Form>
          </div>
        </div>
        <nav aria-label={t("workspace.menu")} className="herstel-staff-nav">
          <ul>
            {NAV.filter((item) => may(item.needs)).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === "/medewerkers"} className="herstel-staff-nav__link">
                  {t(item.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="herstel-staff-main">
        {children}
      </main>
    </>
  );
}

/** An error on a staff page stays inside the staff area's frame (when the frame itself could load). */
export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>("routes/staff-layout");
  return data ? (
    <StaffFrame data={data}>
      <RouteError />
    </StaffFrame>
  ) : (
    <RouteError />
  );
}
