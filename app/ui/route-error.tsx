import { isRouteErrorResponse, useLocation, useRouteError, useRouteLoaderData } from "react-router";
import { errorMessages } from "../lib/errors.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { ErrorPage } from "./error-page.tsx";
import { PageTitle } from "./page-title.tsx";

/** The error page of a route boundary (the root's, and the staff area's inside its own layout). */
export function RouteError() {
  const error = useRouteError();
  const t = useT();
  const root = useRouteLoaderData("root") as { requestId?: string } | undefined;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const code = isRouteErrorResponse(error) ? (error.data as { code?: unknown } | undefined)?.code : undefined;
  const messages = errorMessages(code, status);
  const location = useLocation();
  return (
    <>
      <PageTitle title={t(messages.title)} />
      <ErrorPage
        title={messages.title}
        body={messages.body}
        requestId={status >= 500 ? root?.requestId : undefined}
        retryTo={status === 503 ? `${location.pathname}${location.search}` : undefined}
      />
    </>
  );
}
