import { useLoaderData } from "react-router";
import { accessHistoryWithNames } from "../features/audit/access-history.server.ts";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { can } from "../features/auth/permissions.ts";
import { useAnswerText } from "../features/registration/components/registration-field.tsx";
import { forPath, type RegistrationPath, stepsFor } from "../features/registration/registration.fields.ts";
import { loadLists } from "../features/registration/registration.queries.server.ts";
import type { Answers } from "../features/registration/registration.schema.ts";
import {
  getRegistration,
  getRegistrationAccessInfo,
} from "../features/registration/registration-staff.queries.server.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import { useLocale, useT } from "../lib/i18n/i18n-react.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-registration";

/**
 * One registration. The access decision is made on its status alone, before any personal data
 * is read; every attempt, allowed or not, is in the audit log.
 */
export async function loader({ params, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    const { db, origin } = authContext(context);
    const now = new Date();
    const id = /^\d{1,15}$/.test(params.id) ? Number(params.id) : undefined;
    const info = id === undefined ? undefined : await getRegistrationAccessInfo(db, session.actor, id);
    const audit = (result: "allowed" | "denied", reason?: string) =>
      recordAudit(db, {
        actorId: session.userId,
        action: "registration.read",
        objectType: "registration",
        objectId: params.id.slice(0, 40),
        result,
        origin,
        reason,
        at: now,
      });
    if (!info) {
      await audit("denied", "not_found");
      throw routeError(ErrorCode.NotFound);
    }
    if (!can(session.actor, "registration.read", { kind: "registration", status: info.status })) {
      await audit("denied", "forbidden");
      throw routeError(ErrorCode.Forbidden);
    }
    const [registration, lists] = await Promise.all([getRegistration(db, session.actor, info.id), loadLists(db)]);
    await audit("allowed");
    if (!registration) throw routeError(ErrorCode.NotFound);
    const answers = registration.answers as Answers & { path?: RegistrationPath };
    const history = can(session.actor, "audit.read-object")
      ? await accessHistoryWithNames(db, "registration", info.id)
      : null;
    return {
      reference: registration.reference,
      path: answers.path === "referral" ? "referral" : "self",
      answers,
      lists,
      history,
    } as const;
  });
}

export default function StaffRegistration() {
  const t = useT();
  const answerText = useAnswerText();
  const { reference, path, answers, lists, history } = useLoaderData<typeof loader>();
  const locale = useLocale();
  const format = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "nl-NL", {
    dateStyle: "medium",
    timeStyle: "medium",
    timeZone: "Europe/Amsterdam",
  });
  return (
    <div className="herstel-prose">
      <PageTitle title={t("staff.registration.title", { reference })} />
      <Heading level={1}>{t("staff.registration.title", { reference })}</Heading>
      {stepsFor(path).map((step) => (
        <section key={step.id} aria-labelledby={`s-${step.id}`}>
          <Heading level={2} id={`s-${step.id}`}>
            {t(forPath(step.title, path))}
          </Heading>
          <dl className="herstel-summary-list">
            {step.fields.map((spec) => (
              <div key={spec.name} className="herstel-summary-list__row">
                <dt className="herstel-summary-list__key">{t(forPath(spec.label, path))}</dt>
                <dd className="herstel-summary-list__value">
                  {answerText(spec, answers[spec.name], lists) ?? t("reg.notGiven")}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      {history ? (
        <section aria-labelledby="access-history">
          <Heading level={2} id="access-history">
            {t("staff.history.title")}
          </Heading>
          <table className="utrecht-table herstel-table">
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th className="utrecht-table__header-cell" scope="col">
                  {t("staff.history.when")}
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  {t("staff.history.who")}
                </th>
                <th className="utrecht-table__header-cell" scope="col">
                  {t("staff.history.what")}
                </th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {history.map((h) => (
                <tr key={h.id} className="utrecht-table__row">
                  <td className="utrecht-table__cell">{format.format(new Date(h.at))}</td>
                  <td className="utrecht-table__cell">{h.who ?? t("staff.history.unknown")}</td>
                  <td className="utrecht-table__cell">
                    {h.action} {h.result === "denied" ? `(${t("staff.history.denied")})` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
