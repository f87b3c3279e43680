import { useT } from "../lib/i18n/i18n-react.tsx";
import { Heading, Paragraph } from "./typography.tsx";

export function SiteFooter() {
  const t = useT();
  return (
    <footer className="utrecht-page-footer herstel-footer">
      <div className="herstel-container herstel-footer__columns">
        <div className="herstel-prose">
          <Heading level={2} appearance={4}>
            {t("layout.footer.heading")}
          </Heading>
          <Paragraph>{t("layout.footer.about")}</Paragraph>
          <Paragraph small>{t("layout.footer.openSource")}</Paragraph>
        </div>
      </div>
    </footer>
  );
}
