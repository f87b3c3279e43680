import { Form, redirect, useLoaderData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { sessionEndForm } from "../features/auth/auth-forms.schema.ts";
import { authContext } from "../features/auth/auth-route.server.ts";
import { referrerLabel } from "../features/referrers/referrer-accounts.commands.server.ts";
import { requireReferrer } from "../features/referrers/referrer-route.server.ts";
import {
  clearReferrerSessionCookie,
  endReferrerSessionById,
  listReferrerSessions,
} from "../features/referrers/referrer-session.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import { useDateTimeFormat, useT } from "../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { DataTable } from "../ui/data-table.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/referrer-sessions";

/** A referrer's own signed-in sessions (browsers), each of which they can end. */
export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireReferrer(context);
    const { db } = authContext(context);
    const rows = await listReferrerSessions(db, session.referrerId, new Date());
    return {
      sessions: rows.map((r) => ({
        // The hash names the session in the form; it cannot be turned back into the cookie.
        id: r.id_hash,
        current: r.id_hash === session.idHash,
        device: r.user_agent,
        started: r.created_at.toISOString(),
        lastSeen: r.last_seen_at.toISOString(),
      })),
    };
  });
}

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const session = requireReferrer(context);
    const { db, origin, secure } = authContext(context);
    const form = parseForm(sessionEndForm, await request.formData());
    const id = form.ok ? form.data.session : "";
    const now = new Date();
    const ended = form.ok && (await endReferrerSessionById(db, session.referrerId, id, now));
    await recordAudit(db, {
      actorId: null,
      actorLabel: referrerLabel(session.referrerId),
      action: "referrer.session_end",
      result: ended ? "allowed" : "denied",
      origin,
      at: now,
    });
    if (id === session.idHash) {
      return redirect("/verwijzers/inloggen?uitgelogd", {
        status: 303,
        headers: { "Set-Cookie": clearReferrerSessionCookie(secure) },
      });
    }
    return redirect("/verwijzers/sessies", 303);
  });
}

export default function ReferrerSessions() {
  const t = useT();
  const formatDate = useDateTimeFormat();
  const { sessions } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageTitle title={t("staff.sessions.title")} />
      <Heading level={1}>{t("staff.sessions.title")}</Heading>
      <Paragraph>{t("referrer.sessions.intro")}</Paragraph>
      <DataTable
        headers={[
          t("staff.sessions.device"),
          t("staff.sessions.started"),
          t("staff.sessions.lastSeen"),
          t("staff.table.actions"),
        ]}
        rows={sessions.map((s) => ({
          key: s.id,
          cells: [
            `${s.device}${s.current ? ` (${t("staff.sessions.current")})` : ""}`,
            formatDate(s.started),
            formatDate(s.lastSeen),
            <Form key="end" method="post">
              <CsrfField />
              <input type="hidden" name="session" value={s.id} />
              <button type="submit" className="utrecht-button utrecht-button--secondary-action">
                {t("staff.sessions.end")}
              </button>
            </Form>,
          ],
        }))}
      />
    </div>
  );
}
