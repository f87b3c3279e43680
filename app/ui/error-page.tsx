import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { AppLink } from "./app-link.tsx";
import { Heading, Paragraph } from "./typography.tsx";

/** The body of every error page: what happened in plain words, never technical detail. */
export function ErrorPage({
  title,
  body,
  requestId,
  retryTo,
}: {
  title: MessageKey;
  body: MessageKey;
  requestId?: string;
  /** A page that may work in a moment (503): a link to load it again. */
  retryTo?: string;
}) {
  const t = useT();
  return (
    <div className="herstel-prose">
      <Heading level={1}>{t(title)}</Heading>
      <Paragraph lead>{t(body)}</Paragraph>
      {retryTo ? (
        <Paragraph>
          <AppLink to={retryTo}>{t("error.unavailable.retry")}</AppLink>
        </Paragraph>
      ) : null}
      <Paragraph>
        <AppLink to="/">{t("error.backHome")}</AppLink>
      </Paragraph>
      {requestId ? <Paragraph small>{t("error.reference", { requestId })}</Paragraph> : null}
    </div>
  );
}
