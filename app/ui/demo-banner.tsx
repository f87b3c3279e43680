import { useT } from "../lib/i18n/i18n-react.tsx";

/**
 * On every page of a demo database: nobody should mistake the demo for the real
 * thing, or type real people's details into it. Not a live region: it is there from the start.
 */
export function DemoBanner() {
  const t = useT();
  return (
    <div className="herstel-demo-banner">
      <p className="herstel-container">{t("demo.banner")}</p>
    </div>
  );
}
