import { renderToString } from "react-dom/server";
import { createRoutesStub, data } from "react-router";
import { describe, expect, it } from "vitest";
import { LocaleProvider } from "./lib/i18n/i18n-react.tsx";
import { ErrorBoundary } from "./root.tsx";

function EmptyPage() {
  return null;
}
const Stub = createRoutesStub([{ id: "root", path: "/", Component: EmptyPage, ErrorBoundary }]);

/** Renders the root error boundary as React Router does after a loader or action failed. */
function renderError(error: unknown, locale: "nl" | "en" = "nl", url = "/"): string {
  return renderToString(
    <LocaleProvider locale={locale}>
      <Stub initialEntries={[url]} hydrationData={{ errors: { root: error } }} />
    </LocaleProvider>,
  );
}

describe("root error page", () => {
  it("shows a calm 500 page without the error message or stack trace", () => {
    const error = new Error("connect ECONNREFUSED 10.0.0.5:5432 for client 'Jan Jansen'");
    const html = renderError(error);
    expect(html).toContain("Er ging iets mis aan onze kant");
    expect(html).toContain("niet verloren gegaan");
    expect(html).not.toContain("ECONNREFUSED");
    expect(html).not.toContain("Jan Jansen");
    expect(html).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it("shows the 500 page in English when English was chosen", () => {
    expect(renderError(new Error("x"), "en")).toContain("Something went wrong on our side");
  });

  it("maps known error codes to their own page", () => {
    const csrf = data({ code: "CSRF" }, { status: 403 });
    const unavailable = data({ code: "DATABASE_UNAVAILABLE" }, { status: 503 });
    expect(renderError(toRouteErrorResponse(csrf))).toContain("Het formulier kon niet worden verstuurd");
    expect(renderError(toRouteErrorResponse(unavailable))).toContain("Even niet beschikbaar");
  });
});

describe("the page while the database is away (503)", () => {
  const unavailable = () => toRouteErrorResponse(data({ code: "DATABASE_UNAVAILABLE" }, { status: 503 }));

  it("is calm, says earlier answers are kept, and offers to load the same page again", () => {
    const html = renderError(unavailable(), "nl", "/?stap=2");
    expect(html).toContain("Even niet beschikbaar");
    expect(html).toContain("ook de antwoorden die u al in het aanmeldformulier gaf");
    expect(html).toMatch(/<a[^>]*href="\/\?stap=2"[^>]*>Opnieuw proberen<\/a>/);
  });

  it("reads the same in English", () => {
    const html = renderError(unavailable(), "en");
    expect(html).toContain("Temporarily unavailable");
    expect(html).toContain("Try again");
  });

  it("offers no retry link on other error pages", () => {
    expect(renderError(toRouteErrorResponse(data({ code: "NOT_FOUND" }, { status: 404 })))).not.toContain(
      "Opnieuw proberen",
    );
  });
});

/** What a thrown `data()` becomes on the client: an ErrorResponse with status and data. */
function toRouteErrorResponse(value: ReturnType<typeof data>) {
  const init = value.init as ResponseInit;
  return { status: init.status, statusText: "", internal: false, data: value.data };
}
