import type { ReactNode } from "react";

/**
 * Accessible form fields in NL Design System (Utrecht) markup: a visible label, an optional
 * hint and error message linked with aria-describedby, aria-invalid on invalid input, and the
 * field's name as its id so that the error summary can link to it.
 */
export type Choice = { value: string; label: string };

type Common = {
  name: string;
  /** Element id when one page has two fields of the same name; defaults to the name. */
  id?: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  optionalText?: string;
};

function describedBy(name: string, hint?: string, error?: string): string | undefined {
  // name here is the element id
  const ids = [hint ? `${name}-hint` : "", error ? `${name}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Hint({ name, hint }: { name: string; hint?: string }) {
  return hint ? (
    <div className="utrecht-form-field-description" id={`${name}-hint`}>
      {hint}
    </div>
  ) : null;
}

function ErrorMessage({ name, error, prefix }: { name: string; error?: string; prefix: string }) {
  return error ? (
    <div className="utrecht-form-field-error-message" id={`${name}-error`}>
      <span className="herstel-visually-hidden">{prefix} </span>
      {error}
    </div>
  ) : null;
}

function LabelText({ label, required, optionalText }: Pick<Common, "label" | "required" | "optionalText">) {
  return (
    <>
      {label}
      {!required && optionalText ? <span className="herstel-optional"> {optionalText}</span> : null}
    </>
  );
}

/** Label, hint and error message around one control; the control itself comes as children. */
function LabelledField({
  kind,
  fid,
  props,
  children,
}: {
  kind: "text" | "textarea" | "select";
  fid: string;
  props: Common & { errorPrefix: string };
  children: ReactNode;
}) {
  const { label, hint, error, required, optionalText } = props;
  return (
    <div className={`utrecht-form-field utrecht-form-field--${kind}${error ? " utrecht-form-field--invalid" : ""}`}>
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={fid}>
          <LabelText label={label} required={required} optionalText={optionalText} />
        </label>
      </div>
      <Hint name={fid} hint={hint} />
      <ErrorMessage name={fid} error={error} prefix={props.errorPrefix} />
      <div className="utrecht-form-field__input">{children}</div>
    </div>
  );
}

export function TextField(
  props: Common & {
    type: "text" | "email" | "tel" | "date" | "password";
    value?: string;
    maxLength?: number;
    autoComplete?: string;
    width?: "narrow" | "medium";
    errorPrefix: string;
  },
) {
  const { name, hint, error, required, type, value, maxLength, autoComplete, width } = props;
  const fid = props.id ?? name;
  return (
    <LabelledField kind="text" fid={fid} props={props}>
      <input
        className={`utrecht-textbox utrecht-textbox--html-input${error ? " utrecht-textbox--invalid" : ""}${width ? ` herstel-input--${width}` : ""}`}
        id={fid}
        name={name}
        type={type}
        defaultValue={value ?? ""}
        maxLength={maxLength}
        autoComplete={autoComplete ?? "off"}
        spellCheck={type === "text" ? undefined : false}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(fid, hint, error)}
      />
    </LabelledField>
  );
}

/** A file to upload; the server decides the type by the content, `accept` only helps the picker. */
export function FileField(props: Common & { accept: string; errorPrefix: string }) {
  const { name, hint, error, required, accept } = props;
  const fid = props.id ?? name;
  return (
    <LabelledField kind="text" fid={fid} props={props}>
      <input
        className="herstel-file-input"
        id={fid}
        name={name}
        type="file"
        accept={accept}
        required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fid, hint, error)}
      />
    </LabelledField>
  );
}

export function TextArea(
  props: Common & { value?: string; maxLength?: number; autoComplete?: string; rows?: number; errorPrefix: string },
) {
  const { name, hint, error, required, value, maxLength, autoComplete } = props;
  const fid = props.id ?? name;
  return (
    <LabelledField kind="textarea" fid={fid} props={props}>
      <textarea
        className={`utrecht-textarea utrecht-textarea--html-textarea${error ? " utrecht-textarea--invalid" : ""}`}
        id={fid}
        name={name}
        rows={props.rows ?? 5}
        defaultValue={value ?? ""}
        maxLength={maxLength}
        autoComplete={autoComplete ?? "off"}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(fid, hint, error)}
      />
    </LabelledField>
  );
}

/** A select; `groups` adds choices under a heading each (optgroup), after the plain choices. */
export function SelectField(
  props: Common & {
    value?: string;
    choices: Choice[];
    groups?: { label: string; choices: Choice[] }[];
    placeholder: string;
    errorPrefix: string;
  },
) {
  const { name, hint, error, required, value, choices, placeholder } = props;
  const fid = props.id ?? name;
  return (
    <LabelledField kind="select" fid={fid} props={props}>
      <select
        className={`utrecht-select utrecht-select--html-select${error ? " utrecht-select--invalid" : ""}`}
        id={fid}
        name={name}
        defaultValue={value ?? ""}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(fid, hint, error)}
      >
        <option value="">{placeholder}</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
        {props.groups?.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.choices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </LabelledField>
  );
}

/** Radio buttons or checkboxes in a fieldset whose legend is the question. */
export function ChoiceGroup(
  props: Common & { type: "radio" | "checkbox"; values: string[]; choices: Choice[]; errorPrefix: string },
) {
  const { name, label, hint, error, required, optionalText, type, values, choices } = props;
  const fid = props.id ?? name;
  return (
    <fieldset
      className={`utrecht-form-fieldset herstel-choice-group${error ? " utrecht-form-fieldset--invalid" : ""}`}
      aria-describedby={describedBy(fid, hint, error)}
      aria-invalid={error ? true : undefined}
    >
      <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
        <LabelText label={label} required={required} optionalText={optionalText} />
      </legend>
      <Hint name={fid} hint={hint} />
      <ErrorMessage name={fid} error={error} prefix={props.errorPrefix} />
      {choices.map((choice, index) => {
        const id = index === 0 ? fid : `${fid}-${choice.value}`;
        return (
          <div
            key={choice.value}
            className={`utrecht-form-field utrecht-form-field--${type === "radio" ? "radio" : "checkbox"}`}
          >
            <div className="utrecht-form-field__input">
              <input
                className={
                  type === "radio"
                    ? "utrecht-radio-button utrecht-radio-button--html-input"
                    : "utrecht-checkbox utrecht-checkbox--html-input"
                }
                type={type}
                id={id}
                name={name}
                value={choice.value}
                defaultChecked={values.includes(choice.value)}
              />
            </div>
            <div
              className={`utrecht-form-field__label utrecht-form-field__label--${type === "radio" ? "radio" : "checkbox"}`}
            >
              <label
                className={`utrecht-form-label utrecht-form-label--${type === "radio" ? "radio" : "checkbox"}`}
                htmlFor={id}
              >
                {choice.label}
              </label>
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}

/** One checkbox that confirms something ("I agree…"); submits "yes" when ticked. */
export function ConfirmCheckbox(props: Common & { checked?: boolean; errorPrefix: string; children?: ReactNode }) {
  const { name, label, hint, error, checked, children } = props;
  const fid = props.id ?? name;
  return (
    <div className={`utrecht-form-field utrecht-form-field--checkbox${error ? " utrecht-form-field--invalid" : ""}`}>
      <ErrorMessage name={fid} error={error} prefix={props.errorPrefix} />
      <div className="utrecht-form-field__input">
        <input
          className="utrecht-checkbox utrecht-checkbox--html-input"
          type="checkbox"
          id={fid}
          name={name}
          value="yes"
          defaultChecked={checked}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(fid, hint, error)}
        />
      </div>
      <div className="utrecht-form-field__label utrecht-form-field__label--checkbox">
        <label className="utrecht-form-label utrecht-form-label--checkbox" htmlFor={fid}>
          {label}
        </label>
      </div>
      <Hint name={fid} hint={hint} />
      {children}
    </div>
  );
}
