import { useLoaderData } from "react-router";
import { loadSection } from "../features/cases/case-section.server.ts";
import { FoldedTable } from "../features/cases/components/folded.tsx";
import { getContactRecords } from "../features/letters/contact-forms.server.ts";
import { getPeople } from "../features/parties/people.server.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { useDates } from "../lib/use-dates.ts";
import { AppLink } from "../ui/app-link.tsx";
import { Heading } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-case-files";

/** Files: every file kept with the case (scanned letters, video messages), where it came from, to download. */
export async function loader(args: Route.LoaderArgs) {
  return loadSection(args, async ({ db, actor, found }) => {
    const [contact, people] = await Promise.all([
      getContactRecords(db, actor, found.id),
      getPeople(db, actor, found.id),
    ]);
    const name = (id: number) => people.parties.find((p) => p.id === id)?.display_name ?? "–";
    return {
      caseId: found.id,
      files: contact.messages.flatMap((m) =>
        m.upload
          ? [
              {
                id: m.upload.id,
                name: m.upload.file_name,
                size: m.upload.size_bytes,
                form: m.form,
                from: name(m.from_party_id),
                on: m.written_on,
              },
            ]
          : [],
      ),
    };
  });
}

export default function CaseFilesSection() {
  const c = useLoaderData<typeof loader>();
  const t = useT();
  const { date } = useDates();
  if (!c) return null;
  return (
    <section aria-labelledby="files">
      <Heading level={2} id="files">
        {t("section.files")}
      </Heading>
      <FoldedTable
        empty={t("section.files.none")}
        headers={[t("section.files.name"), t("section.files.what"), t("section.files.from"), t("file.date")]}
        rows={c.files.map((f) => ({
          key: f.id,
          cells: [
            <AppLink key="f" to={`/medewerkers/zaken/${c.caseId}/bestanden/${f.id}`} reloadDocument>
              {`${f.name} (${(f.size / (1024 * 1024)).toFixed(1)} MB)`}
            </AppLink>,
            t(`form.${f.form}` as MessageKey),
            f.from,
            date(f.on),
          ],
        }))}
      />
    </section>
  );
}
