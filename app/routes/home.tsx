import { Heading, Paragraph } from "@utrecht/component-library-react";
import { useT } from "../lib/i18n/i18n-react.tsx";

export default function Home() {
  const t = useT();
  return (
    <div className="herstel-prose">
      <Heading level={1}>{t("home.title")}</Heading>
      <Paragraph lead>{t("home.lead")}</Paragraph>
      <Paragraph>{t("home.body")}</Paragraph>
    </div>
  );
}
