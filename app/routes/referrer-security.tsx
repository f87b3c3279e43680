import { Form, useLoaderData, useSearchParams } from "react-router";
import { z } from "zod";
import { authContext } from "../features/auth/auth-route.server.ts";
import { PasskeyForm } from "../features/auth/components/passkey-form.tsx";
import { referrerPasskeys, removeReferrerPasskey } from "../features/referrers/referrer-passkeys.server.ts";
import { requireReferrer } from "../features/referrers/referrer-route.server.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import { useDateTimeFormat, useT } from "../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { DataTable } from "../ui/data-table.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/referrer-security";

/** A referrer's ways in: their passkeys (add, remove) and whether an authenticator app is set up. */
const removeForm = z.strictObject({ passkey: z.coerce.number().int().positive() });

export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireReferrer(context);
    const { db } = authContext(context);
    const passkeys = await referrerPasskeys(db, session.referrerId);
    return {
      hasTotp: session.hasTotp,
      passkeys: passkeys.map((p) => ({
        id: p.id,
        label: p.label,
        created: p.created_at.toISOString(),
        lastUsed: p.last_used_at?.toISOString() ?? null,
      })),
    };
  });
}

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const session = requireReferrer(context);
    const { db, origin } = authContext(context);
    const form = parseForm(removeForm, await request.formData());
    if (!form.ok) throw routeError(ErrorCode.BadRequest);
    const outcome = await removeReferrerPasskey(db, {
      referrerId: session.referrerId,
      id: form.data.passkey,
      hasTotp: session.hasTotp,
      origin,
      now: new Date(),
    });
    if (outcome === "not_found") throw routeError(ErrorCode.NotFound);
    return { outcome };
  });
}

export default function ReferrerSecurity({ actionData }: Route.ComponentProps) {
  const t = useT();
  const formatDate = useDateTimeFormat();
  const { passkeys, hasTotp } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const added = params.get("passkey") === "toegevoegd";
  const failed = params.get("passkey") === "mislukt";
  return (
    <div className="herstel-prose">
      <PageTitle title={t("referrer.security.title")} />
      <Heading level={1}>{t("referrer.security.title")}</Heading>
      {added ? <Paragraph role="status">{t("referrer.security.added")}</Paragraph> : null}
      {failed ? <Paragraph role="alert">{t("passkey.notAccepted")}</Paragraph> : null}
      {actionData?.outcome === "removed" ? <Paragraph role="status">{t("referrer.security.removed")}</Paragraph> : null}
      {actionData?.outcome === "last" ? <Paragraph role="alert">{t("referrer.security.last")}</Paragraph> : null}
      <Paragraph>{hasTotp ? t("referrer.security.withApp") : t("referrer.security.withoutApp")}</Paragraph>
      <Heading level={2}>{t("referrer.passkey.heading")}</Heading>
      {passkeys.length === 0 ? (
        <Paragraph>{t("referrer.security.none")}</Paragraph>
      ) : (
        <DataTable
          headers={[t("passkey.name"), t("passkey.created"), t("passkey.lastUsed"), t("staff.table.actions")]}
          rows={passkeys.map((p) => ({
            key: String(p.id),
            cells: [
              p.label,
              formatDate(p.created),
              p.lastUsed ? formatDate(p.lastUsed) : "–",
              <Form key="remove" method="post">
                <CsrfField />
                <input type="hidden" name="passkey" value={p.id} />
                <button type="submit" className="utrecht-button utrecht-button--secondary-action">
                  {t("passkey.remove")}
                </button>
              </Form>,
            ],
          }))}
        />
      )}
      <PasskeyForm action="/verwijzers/inloggen/passkey" mode="create" intent="register" label="referrer.passkey.add">
        <Paragraph>{t("referrer.passkey.createIntro")}</Paragraph>
      </PasskeyForm>
    </div>
  );
}
