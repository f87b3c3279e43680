import { Form, redirect, useLoaderData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { sessionEndForm } from "../features/auth/auth-forms.schema.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize } from "../features/auth/permissions.ts";
import { endSessionById, listSessions } from "../features/auth/session.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import { useDateTimeFormat, useT } from "../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { DataTable } from "../ui/data-table.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-sessions";

export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    authorize(session.actor, "session.manage-own");
    const { db } = authContext(context);
    const rows = await listSessions(db, session.userId, new Date());
    return {
      sessions: rows.map((r) => ({
        // The hash identifies the session in the form; it cannot be turned back into the cookie.
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
    const session = requireSession(context);
    authorize(session.actor, "session.manage-own");
    const { db, origin } = authContext(context);
    const form = parseForm(sessionEndForm, await request.formData());
    const id = form.ok ? form.data.session : "";
    const now = new Date();
    const ended = form.ok && (await endSessionById(db, session.userId, id, now));
    await recordAudit(db, {
      actorId: session.userId,
      action: "auth.session_end",
      result: ended ? "allowed" : "denied",
      origin,
      at: now,
    });
    return redirect(id === session.idHash ? "/inloggen" : "/medewerkers/sessies", 303);
  });
}

export default function StaffSessions() {
  const t = useT();
  const formatDate = useDateTimeFormat();
  const { sessions } = useLoaderData<typeof loader>();
  return (
    <div>
      <PageTitle title={t("staff.sessions.title")} />
      <Heading level={1}>{t("staff.sessions.title")}</Heading>
      <Paragraph>{t("staff.sessions.intro")}</Paragraph>
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
