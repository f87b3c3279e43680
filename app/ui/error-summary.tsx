import { useEffect, useRef } from "react";

/**
 * The list of problems at the top of a form (GOV.UK / NL Design System pattern). It takes the
 * focus when it appears, so keyboard and screen-reader users land on it; each item links to
 * its field. Without JavaScript the browser gives it the focus (`autofocus`, rendered on the
 * server) and the page title starts with "Fout:".
 */
export function ErrorSummary({ title, errors }: { title: string; errors: { field: string; message: string }[] }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (errors.length > 0) ref.current?.focus();
  }, [errors]);
  if (errors.length === 0) return null;
  return (
    <section
      className="herstel-error-summary"
      ref={ref}
      tabIndex={-1}
      // The focus follows the user's own action (sending the form): the GOV.UK error summary pattern.
      // biome-ignore lint/a11y/noAutofocus: the summary of what the user just sent must take the focus, also without JavaScript.
      autoFocus
      aria-labelledby="error-summary-title"
    >
      <h2 className="utrecht-heading-2 herstel-error-summary__title" id="error-summary-title">
        {title}
      </h2>
      <ul className="utrecht-unordered-list herstel-error-summary__list">
        {errors.map((e) => (
          <li key={e.field} className="utrecht-unordered-list__item">
            <a className="utrecht-link utrecht-link--html-a" href={`#${e.field}`}>
              {e.message}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
