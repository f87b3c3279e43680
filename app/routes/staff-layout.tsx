import { Form, NavLink, Outlet, useLoaderData } from "react-router";
import { requireSession, requireStaffMiddleware } from "../features/auth/auth-route.server.ts";
import { abilities } from "../features/auth/permissions.ts";
import { clientScripts } from "../lib/client-scripts.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import type { Route } from "./+types/staff-layout";

export const middleware: Route.MiddlewareFunction[] = [requireStaffMiddleware];

export const handle = clientScripts;

export function loader({ context }: Route.LoaderArgs) {
  const session = requireSession(context);
  return { displayName: session.displayName, abilities: abilities(session.actor) };
}

const NAV: { to: string; label: MessageKey; needs?: string }[] = [
  { to: "/medewerkers", label: "staff.nav.home" },
  { to: "/medewerkers/aanmeldingen", label: "staff.nav.registrations", needs: "registration.list" },
  { to: "/medewerkers/zaken", label: "staff.nav.cases", needs: "case.list" },
  { to: "/medewerkers/cijfers", label: "stats.title", needs: "statistics.read" },
  { to: "/medewerkers/taken", label: "tasks.mine", needs: "case.list" },
  { to: "/medewerkers/beheer/gebruikers", label: "staff.nav.users", needs: "user.list" },
  { to: "/medewerkers/beheer/import", label: "import.nav", needs: "registration.import" },
  { to: "/medewerkers/beheer/toegang", label: "grants.nav", needs: "user.list" },
  { to: "/medewerkers/beheer/instellingen", label: "safeExit.setting.nav", needs: "settings.update" },
  { to: "/medewerkers/beheer/vragenlijsten", label: "adminQuestionnaires.link", needs: "user.list" },
  { to: "/medewerkers/beheer/verwijzers", label: "referrer.admin.nav", needs: "referrer-organisation.manage" },
  { to: "/medewerkers/noodtoegang", label: "staff.nav.breakGlass", needs: "break-glass.review" },
  { to: "/medewerkers/privacy", label: "privacy.nav", needs: "privacy.overview" },
  { to: "/medewerkers/beheer/bewaartermijnen", label: "retention.nav", needs: "retention.configure" },
  { to: "/medewerkers/sessies", label: "staff.nav.sessions" },
  { to: "/medewerkers/account", label: "staff.nav.account" },
];

/** The staff area: its own menu (only what this person may use) and sign-out. */
export default function StaffLayout() {
  const t = useT();
  const { displayName, abilities: allowed } = useLoaderData<typeof loader>();
  return (
    <div className="herstel-staff">
      <div className="herstel-staff__bar">
        <nav aria-label={t("staff.nav.home")} className="herstel-staff__nav">
          <ul>
            {NAV.filter((item) => !item.needs || (allowed as string[]).includes(item.needs)).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === "/medewerkers"} className="utrecht-link utrecht-link--html-a">
                  {t(item.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <Form method="post" action="/uitloggen" className="herstel-staff__logout">
          <CsrfField />
          <span className="herstel-staff__user">{displayName}</span>
          <button type="submit" className="utrecht-button utrecht-button--secondary-action">
            {t("auth.logout")}
          </button>
        </Form>
      </div>
      <Outlet />
    </div>
  );
}
