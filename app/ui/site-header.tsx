import { PageHeader } from "@utrecht/component-library-react";
import { Link, NavLink } from "react-router";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { LanguageSwitch } from "./language-switch.tsx";

export type NavItem = { to: string; label: MessageKey };

export const PUBLIC_NAV: NavItem[] = [{ to: "/", label: "nav.home" }];

export function SiteHeader({ nav = PUBLIC_NAV }: { nav?: NavItem[] }) {
  const t = useT();
  return (
    <>
      <PageHeader>
        <div className="herstel-container herstel-header__bar">
          <Link to="/" className="herstel-header__brand">
            {t("app.name")}
            <span className="herstel-header__tagline">{t("app.tagline")}</span>
          </Link>
          <LanguageSwitch />
        </div>
      </PageHeader>
      <nav className="herstel-nav" aria-label={t("layout.mainNav")}>
        <div className="herstel-container">
          <ul className="herstel-nav__list">
            {nav.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end className="herstel-nav__link">
                  {t(item.label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </div>
      </nav>
    </>
  );
}
