import { useLoaderData } from "react-router";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize } from "../features/auth/permissions.ts";
import { allQuestionnaires } from "../features/outcomes/outcome-questions.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { DataTable } from "../ui/data-table.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/admin-questionnaires";

/**
 * /medewerkers/beheer/vragenlijsten: the questionnaires as the database holds them, every side
 * and version, for administrators. Read only: a changed question is a new version, added by a
 * migration (ADR 0021), so that old answers keep the question they answered.
 */
export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    authorize(session.actor, "user.list");
    return { questionnaires: await allQuestionnaires(authContext(context).db) };
  });
}

export default function AdminQuestionnaires() {
  const t = useT();
  const { questionnaires } = useLoaderData<typeof loader>();
  return (
    <div className="herstel-prose">
      <PageTitle title={t("adminQuestionnaires.title")} />
      <Heading level={1}>{t("adminQuestionnaires.title")}</Heading>
      <Paragraph>{t("adminQuestionnaires.intro")}</Paragraph>
      {questionnaires.map((q) => (
        <section key={q.id} aria-labelledby={`questionnaire-${q.id}`}>
          <Heading level={2} id={`questionnaire-${q.id}`}>
            {t("adminQuestionnaires.heading", { side: t(`outcomes.side.${q.side}`), version: q.version })}
          </Heading>
          <Paragraph>
            {q.active ? t("adminQuestionnaires.active", { date: q.introduced_on }) : t("adminQuestionnaires.inactive")}
          </Paragraph>
          <DataTable
            headers={[
              t("adminQuestionnaires.col.position"),
              t("adminQuestionnaires.col.text"),
              t("adminQuestionnaires.col.scale"),
            ]}
            rows={q.questions.map((x) => ({
              key: x.id,
              cells: [
                String(x.position),
                <>
                  {x.text_nl}
                  <br />
                  <span lang="en">{x.text_en}</span>
                </>,
                x.kind === "scale"
                  ? `0 = ${x.low_nl} / ${x.low_en}; 10 = ${x.high_nl} / ${x.high_en}; ${t("outcomes.col.better").toLowerCase()} ${t(`outcomes.better.${x.better ?? "higher"}`)}`
                  : t("adminQuestionnaires.open"),
              ],
            }))}
          />
        </section>
      ))}
    </div>
  );
}
