import { Link, NavLink } from "react-router";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { LanguageSwitch } from "./language-switch.tsx";

/** A navigation entry: its label is a translation key or, for content pages, a text. */
export type NavItem = { to: string; label: string };

export function SiteHeader({ pages }: { pages: NavItem[] }) {
  const t = useT();
  const nav: NavItem[] = [{ to: "/", label: t("nav.home") }, ...pages, { to: "/aanmelden", label: t("nav.register") }];
  return (
    <>
      <header className="utrecht-page-header">
        <div className="herstel-container herstel-header__bar">
          <Link to="/" className="herstel-header__brand">
            {t("app.name")}
            <span className="herstel-header__tagline">{t("app.tagline")}</span>
          </Link>
          <LanguageSwitch />
        </div>
      </header>
      <nav className="herstel-nav" aria-label={t("layout.mainNav")}>
        <div className="herstel-container">
          <ul className="herstel-nav__list">
            {nav.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === "/"} className="herstel-nav__link">
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </div>
      </nav>
    </>
  );
}
