import { useT } from "../lib/i18n/i18n-react.tsx";

/** The document title: "page – service", starting with "Fout:" when the form has errors. */
export function PageTitle({ title, hasErrors = false }: { title: string; hasErrors?: boolean }) {
  const t = useT();
  const text = `${hasErrors ? `${t("reg.errorPrefix")} ` : ""}${title} – ${t("app.name")}`;
  return <title>{text}</title>;
}
