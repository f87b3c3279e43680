import { useLoaderData } from "react-router";
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
import { useT } from "../lib/i18n/i18n-react.tsx";
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
    const info = id === undefined ? undefined : await getRegistrationAccessInfo(db, id);
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
    const [registration, lists] = await Promise.all([getRegistration(db, info.id), loadLists(db)]);
    await audit("allowed");
    if (!registration) throw routeError(ErrorCode.NotFound);
    const answers = registration.answers as Answers & { path?: RegistrationPath };
    return {
      reference: registration.reference,
      path: answers.path === "referral" ? "referral" : "self",
      answers,
      lists,
    } as const;
  });
}

export default function StaffRegistration() {
  const t = useT();
  const answerText = useAnswerText();
  const { reference, path, answers, lists } = useLoaderData<typeof loader>();
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
    </div>
  );
}
