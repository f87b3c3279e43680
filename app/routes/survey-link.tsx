import { redirect } from "react-router";
import { isTokenShaped } from "../features/auth/tokens.server.ts";
import { linkCookie, outcomeRouteContext } from "../features/outcomes/outcome-route.server.ts";
import type { Route } from "./+types/survey-link";

/**
 * GET /vragenlijst/:token, the personal link in the e-mail: takes the token out of the address
 * straight away (a short-lived cookie, then a redirect to /vragenlijst), so it stays in no
 * history, bookmark or log. Nothing is used up here; the person starts with a button (a POST).
 */
export function loader({ params, context }: Route.LoaderArgs) {
  const { secure } = outcomeRouteContext(context);
  const headers = new Headers();
  if (isTokenShaped(params.token)) headers.append("Set-Cookie", linkCookie(secure, params.token));
  else return redirect("/vragenlijst?link=ongeldig", { status: 303 });
  return redirect("/vragenlijst", { status: 303, headers });
}
