import type { ReactNode } from "react";
import type { MessageKey } from "../../../lib/i18n/i18n.ts";
import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { AppLink } from "../../../ui/app-link.tsx";
import { Heading } from "../../../ui/typography.tsx";

/** One block of a home: a heading and what belongs to it. */
export function WorkspaceCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="herstel-workspace__card">
      <Heading level={2} appearance={3}>
        {title}
      </Heading>
      {children}
    </section>
  );
}

export function CountList({ children }: { children: ReactNode }) {
  return <ul className="herstel-counts">{children}</ul>;
}

/**
 * A count that opens its list: the number and what it counts are one link, so a screen reader
 * reads "3 registrations waiting". `id` names the count for the tests (data-count).
 */
export function CountLink({
  id,
  count,
  label,
  text,
  values,
  to,
  attention = false,
}: {
  id: string;
  count: number;
  label?: MessageKey;
  text?: string;
  values?: Record<string, string | number>;
  to: string;
  attention?: boolean;
}) {
  const t = useT();
  const what = text ?? (label ? t(label, values) : "");
  return (
    <li className={attention && count > 0 ? "herstel-count herstel-count--attention" : "herstel-count"} data-count={id}>
      <AppLink to={to}>
        <span className="herstel-count__number">{count}</span> {what}
      </AppLink>
    </li>
  );
}
