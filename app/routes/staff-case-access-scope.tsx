import { data, Form, Link, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { auditingRefusals } from "../features/audit/refusals.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize } from "../features/auth/permissions.ts";
import { accessExportStatus } from "../features/privacy/access-export.server.ts";
import {
  accessExportMatches,
  candidateKey,
  confirmAccessExportScope,
} from "../features/privacy/access-export-scope.server.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ChoiceGroup } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-case-access-scope";

/**
 * Composing an access export (ADR 0020): the coordinator sees the other records that may be the
 * same person's, with what matches, confirms those checked by hand, and downloads the export once
 * the assigned mediators have reviewed the sealed notes in it.
 */
function ids(params: { id: string; requestId: string }) {
  const n = (v: string) => (/^\d{1,15}$/.test(v) ? Number(v) : undefined);
  const caseId = n(params.id);
  const requestId = n(params.requestId);
  if (caseId === undefined || requestId === undefined) throw routeError(ErrorCode.NotFound);
  return { caseId, requestId };
}

export async function loader({ params, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    const input = ids(params);
    const who = {
      actorId: session.userId,
      action: "privacy.export_scope",
      objectType: "case",
      objectId: params.id,
      origin,
    };
    const [{ candidates, elsewhere }, status] = await auditingRefusals(db, who, () =>
      Promise.all([accessExportMatches(db, session.actor, input), accessExportStatus(db, session.actor, input)]),
    );
    return { ...input, candidates: candidates.map((c) => ({ ...c, key: candidateKey(c) })), elsewhere, status };
  });
}

const scopeForm = z.strictObject({ chosen: z.array(z.string().max(80)).max(200) });

export async function action({ request, params, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    authorize(session.actor, "privacy.export");
    const input = ids(params);
    const form = await request.formData();
    const parsed = parseForm(scopeForm, form, { repeated: ["chosen"] });
    if (!parsed.ok) throw routeError(ErrorCode.BadRequest);
    const who = {
      actorId: session.userId,
      action: "privacy.export_scope",
      objectType: "case",
      objectId: params.id,
      origin,
    };
    const count = await auditingRefusals(db, who, () =>
      confirmAccessExportScope(db, session.actor, { ...input, chosen: parsed.data.chosen, origin, now: new Date() }),
    );
    return data({ saved: count });
  });
}

export default function StaffCaseAccessScope() {
  const t = useT();
  const c = useLoaderData<typeof loader>();
  const saved = useActionData<typeof action>();
  const label = (x: (typeof c.candidates)[number]) =>
    t("privacy.scope.candidate", {
      reference: x.reference,
      role: t(`privacy.scope.role.${x.role}` as MessageKey),
      matched: x.matchedOn.map((m) => t(`privacy.scope.match.${m}` as MessageKey)).join(", "),
    });
  return (
    <div className="herstel-prose">
      <PageTitle title={t("privacy.scope.title")} />
      <Heading level={1}>{t("privacy.scope.title")}</Heading>
      <Paragraph>
        <Link to={`/medewerkers/zaken/${c.caseId}/privacy`} className="utrecht-link">
          {t("privacy.scope.back")}
        </Link>
      </Paragraph>
      {saved ? (
        <Paragraph role="status" className="herstel-panel">
          {t("privacy.scope.saved", { count: saved.saved })}
        </Paragraph>
      ) : null}
      <Paragraph>{t("privacy.scope.intro")}</Paragraph>
      {c.candidates.length > 0 ? (
        <Form method="post">
          <CsrfField />
          <ChoiceGroup
            type="checkbox"
            name="chosen"
            label={t("privacy.scope.choose")}
            hint={t("privacy.scope.chooseHint")}
            values={c.candidates.filter((x) => x.confirmed).map((x) => x.key)}
            choices={c.candidates.map((x) => ({ value: x.key, label: label(x) }))}
            errorPrefix={t("reg.errorPrefix")}
          />
          <button type="submit" className="utrecht-button utrecht-button--primary-action">
            {t("privacy.scope.confirm")}
          </button>
        </Form>
      ) : (
        <Paragraph>{t("privacy.scope.none")}</Paragraph>
      )}
      {c.elsewhere.length > 0 ? (
        <section aria-labelledby="elsewhere" className="herstel-panel">
          <Heading level={2} id="elsewhere">
            {t("privacy.scope.elsewhereTitle")}
          </Heading>
          <Paragraph>{t("privacy.scope.elsewhereIntro")}</Paragraph>
          <ul>
            {c.elsewhere.map((e) => (
              <li key={e.regionName}>
                {t("privacy.scope.elsewhereRegion", {
                  region: e.regionName,
                  cases: e.cases,
                  registrations: e.registrations,
                })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <Heading level={2}>{t("privacy.scope.exportTitle")}</Heading>
      {c.status.state === "awaiting_review" ? (
        <Paragraph className="herstel-panel">
          {t("privacy.scope.awaiting", { count: c.status.unreviewed, total: c.status.sealedNotes })}
        </Paragraph>
      ) : (
        <Paragraph>
          <a href={`/medewerkers/zaken/${c.caseId}/privacy/inzage/${c.requestId}`} className="utrecht-link" download>
            {t("privacy.case.download")}
          </a>
        </Paragraph>
      )}
    </div>
  );
}
