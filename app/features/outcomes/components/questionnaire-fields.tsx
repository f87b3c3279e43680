import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { TextArea } from "../../../ui/form-field.tsx";
import { DECLINED, OPEN_ANSWER_MAX, type ScoreInput } from "../outcome-answers.schema.ts";
import type { ShownQuestion } from "../outcome-questions.server.ts";

/**
 * The questions of a questionnaire as plain form fields: for each scale question a fieldset
 * whose legend is the question, the words at both ends, eleven radio buttons 0–10 and "I'd
 * rather not say"; the open question as a text area. Nothing is required. Works without
 * JavaScript and with the keyboard alone (arrow keys move within a question).
 */
export function QuestionnaireFields({
  questions,
  scores,
  open,
  errors,
}: {
  questions: ShownQuestion[];
  scores: Record<number, ScoreInput>;
  open: string;
  errors: string[];
}) {
  const t = useT();
  return (
    <>
      {questions.map((q) =>
        q.kind === "scale" ? (
          <ScaleQuestion key={q.id} question={q} value={scores[q.id]} invalid={errors.includes(`q${q.id}`)} />
        ) : (
          <TextArea
            key={q.id}
            name="open"
            label={`${q.position}. ${q.text}`}
            hint={t("survey.open.hint")}
            value={open}
            maxLength={OPEN_ANSWER_MAX}
            error={errors.includes("open") ? t("survey.error.open") : undefined}
            errorPrefix={t("reg.errorPrefix")}
          />
        ),
      )}
    </>
  );
}

const SCALE = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

function ScaleQuestion({
  question,
  value,
  invalid,
}: {
  question: ShownQuestion;
  value: ScoreInput | undefined;
  invalid: boolean;
}) {
  const t = useT();
  const name = `q${question.id}`;
  const hintId = `${name}-hint`;
  return (
    <fieldset
      className={`utrecht-form-fieldset herstel-scale${invalid ? " utrecht-form-fieldset--invalid" : ""}`}
      aria-describedby={invalid ? `${hintId} ${name}-error` : hintId}
      aria-invalid={invalid || undefined}
    >
      <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
        {question.position}. {question.text}
      </legend>
      <div className="utrecht-form-field-description" id={hintId}>
        {t("survey.scaleHelp")} 0 = {question.low}, 10 = {question.high}.
      </div>
      {invalid ? (
        <div className="utrecht-form-field-error-message" id={`${name}-error`}>
          {t("survey.error.field")}
        </div>
      ) : null}
      <div className="herstel-scale__anchors" aria-hidden="true">
        <span>0 · {question.low}</span>
        <span>{question.high} · 10</span>
      </div>
      <div className="herstel-scale__options">
        {SCALE.map((n) => (
          <label key={n} className="herstel-scale__option utrecht-form-label" htmlFor={n === 0 ? name : `${name}-${n}`}>
            <input
              className="utrecht-radio-button utrecht-radio-button--html-input"
              type="radio"
              id={n === 0 ? name : `${name}-${n}`}
              name={name}
              value={String(n)}
              defaultChecked={value === n}
            />
            <span>{n}</span>
          </label>
        ))}
      </div>
      <div className="herstel-scale__declined">
        <input
          className="utrecht-radio-button utrecht-radio-button--html-input"
          type="radio"
          id={`${name}-declined`}
          name={name}
          value={DECLINED}
          defaultChecked={value === DECLINED}
        />
        <label className="utrecht-form-label utrecht-form-label--radio" htmlFor={`${name}-declined`}>
          {t("survey.declined")}
        </label>
      </div>
    </fieldset>
  );
}
