import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { DataTable } from "../../../ui/data-table.tsx";
import { Heading, Paragraph } from "../../../ui/typography.tsx";
import type { PersonAnswers } from "../case-outcomes.server.ts";
import type { ScoreInput } from "../outcome-answers.schema.ts";

/**
 * One person's answers over time, for the case's mediators: a chart (SVG drawn on the server,
 * hidden from screen readers), the same numbers as a table, and what they wrote in the open
 * question at each moment.
 */
export function PersonAnswersView({
  answers,
  chart,
  answeredAny,
}: {
  answers: PersonAnswers | null;
  chart: string | null;
  answeredAny: boolean;
}) {
  const t = useT();
  if (!answers) return answeredAny ? <Paragraph>{t("caseOutcomes.answersHidden")}</Paragraph> : null;
  const { questions, moments } = answers;
  const show = (v: ScoreInput | undefined) =>
    v === undefined ? "–" : v === "declined" ? t("survey.declined") : String(v);
  return (
    <>
      <Heading level={3}>{t("caseOutcomes.answers")}</Heading>
      {chart ? (
        <figure>
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: server-rendered ECharts SVG of our own numbers (text escaped by ECharts). */}
          <div aria-hidden="true" dangerouslySetInnerHTML={{ __html: chart }} />
          <figcaption className="herstel-visually-hidden">{t("caseOutcomes.chart")}</figcaption>
        </figure>
      ) : null}
      <DataTable
        headers={[t("caseOutcomes.col.question"), ...moments.map((m) => t(`survey.moment.${m.moment}`))]}
        rows={questions
          .filter((q) => q.kind === "scale")
          .map((q) => ({
            key: q.id,
            cells: [`${q.position}. ${q.text}`, ...moments.map((m) => show(m.scores[q.id]))],
          }))}
      />
      {moments.some((m) => m.open) ? (
        <>
          <Heading level={4}>{t("caseOutcomes.open")}</Heading>
          {moments
            .filter((m) => m.open)
            .map((m) => (
              <Paragraph key={m.moment}>
                <strong>{t(`survey.moment.${m.moment}`)}:</strong> {m.open}
              </Paragraph>
            ))}
        </>
      ) : null}
    </>
  );
}
