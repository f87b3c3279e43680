import { redirect } from "react-router";
import { z } from "zod";
import { appContext } from "../lib/app-context.ts";
import { serializeCookie } from "../lib/cookies.ts";
import { ErrorCode, routeError } from "../lib/errors.ts";
import { formValues } from "../lib/form-schema.ts";
import { LOCALE_COOKIE, LOCALES } from "../lib/i18n/i18n.ts";
import type { Route } from "./+types/language";

const languageForm = z.strictObject({
  locale: z.enum(LOCALES),
  // Only a path on this site: never an absolute URL or "//host" (open redirect).
  returnTo: z
    .string()
    .max(2000)
    // Printable ASCII only: a control character in a Location header would be a 500.
    .regex(/^\/(?![/\\])[\x21-\x7e]*$/)
    .catch("/"),
});

/** POST /taal: stores the language choice in a cookie and returns to the page. */
export async function action({ request, context }: Route.ActionArgs) {
  const { config } = context.get(appContext).services;
  const parsed = languageForm.safeParse(formValues(await request.formData()).values);
  if (!parsed.success) return redirect("/", 303);
  return redirect(parsed.data.returnTo, {
    status: 303,
    headers: {
      "Set-Cookie": serializeCookie(LOCALE_COOKIE, parsed.data.locale, {
        secure: config.secureCookies,
        maxAgeSeconds: 365 * 24 * 3600,
      }),
    },
  });
}

/** GET /taal changes nothing (no state change on GET). */
export function loader(): never {
  throw routeError(ErrorCode.NotFound);
}

export default function Language() {
  return null;
}
