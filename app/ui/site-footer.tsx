import { Heading, PageFooter, Paragraph } from "@utrecht/component-library-react";
import { useT } from "../lib/i18n/i18n-react.tsx";

export function SiteFooter() {
  const t = useT();
  return (
    <PageFooter className="herstel-footer">
      <div className="herstel-container herstel-footer__columns">
        <div className="herstel-prose">
          <Heading level={2} appearance="utrecht-heading-4">
            {t("layout.footer.heading")}
          </Heading>
          <Paragraph>{t("layout.footer.about")}</Paragraph>
          <Paragraph small>{t("layout.footer.openSource")}</Paragraph>
        </div>
      </div>
    </PageFooter>
  );
}
