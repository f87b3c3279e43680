import type { ReactNode } from "react";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteLoaderData,
} from "react-router";
import type { Route } from "./+types/root";
import { navigationPages } from "./features/content/content.server.ts";
import { ExitThisPage, ExitThisPageScript } from "./features/safe-exit/components/exit-this-page.tsx";
import { isPublicPath } from "./features/safe-exit/safe-exit.ts";
import { appContext } from "./lib/app-context.ts";
import { needsClientScripts, staffShell } from "./lib/client-scripts.ts";
import { translate } from "./lib/i18n/i18n.ts";
import { LocaleProvider, useLocale } from "./lib/i18n/i18n-react.tsx";
import { requestStateContext, requestStateMiddleware } from "./lib/request-state.server.ts";
import exitCss from "./styles/exit-this-page.css?url";
import layoutCss from "./styles/layout.css?url";
import printCss from "./styles/print.css?url";
import themeCss from "./styles/theme.css?url";
import utrechtCss from "./styles/utrecht.css?url";
import { DemoBanner } from "./ui/demo-banner.tsx";
import { RouteError } from "./ui/route-error.tsx";
import { SiteFooter } from "./ui/site-footer.tsx";
import { SiteHeader } from "./ui/site-header.tsx";

export const links: Route.LinksFunction = () => [
  { rel: "icon", href: "/favicon.ico", sizes: "32x32" },
  { rel: "stylesheet", href: utrechtCss },
  { rel: "stylesheet", href: themeCss },
  { rel: "stylesheet", href: layoutCss },
  { rel: "stylesheet", href: exitCss },
  { rel: "stylesheet", href: printCss, media: "print" },
];

export const middleware: Route.MiddlewareFunction[] = [requestStateMiddleware];

export function loader({ context }: Route.LoaderArgs) {
  const state = context.get(requestStateContext);
  return {
    locale: state.locale,
    nav: navigationPages(state.locale).map((p) => ({ to: `/${p.slug}`, label: p.navTitle })),
    csrfToken: state.csrfToken,
    requestId: context.get(appContext).request.requestId,
    demo: context.get(appContext).services.demo.database,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<typeof loader>("root");
  const fallbackLocale = useLocale();
  const locale = root?.locale ?? fallbackLocale;
  const publicPage = isPublicPath(useLocation().pathname);
  // Public pages get no React in the browser (ADR 0022); the staff area opts in.
  const matches = useMatches();
  const scripts = needsClientScripts(matches);
  // The staff area draws its own header, menu and main (routes/staff-layout.tsx); the public
  // site's header, menu, reading column and footer are for the public pages only.
  const staff = staffShell(matches);
  return (
    <html lang={locale} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <Links />
        {publicPage ? <ExitThisPageScript /> : null}
      </head>
      <body className="utrecht-document herstel-theme">
        <LocaleProvider locale={locale}>
          <div className={staff ? "herstel-page herstel-page--staff" : "herstel-page"}>
            <a href="#main" className="utrecht-skip-link utrecht-skip-link--visible-on-focus">
              {translate(locale, "layout.skipLink")}
            </a>
            {publicPage ? <ExitThisPage /> : null}
            {root?.demo ? <DemoBanner /> : null}
            {staff ? (
              children
            ) : (
              <>
                <SiteHeader pages={root?.nav ?? []} />
                <main id="main" tabIndex={-1} className="herstel-main">
                  <div className="herstel-container">{children}</div>
                </main>
                <SiteFooter />
              </>
            )}
          </div>
        </LocaleProvider>
        {scripts ? <ScrollRestoration /> : null}
        {scripts ? <Scripts /> : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <RouteError />;
}
