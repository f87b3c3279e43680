import { data, Form, useActionData, useLoaderData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize, can } from "../features/auth/permissions.ts";
import { ImportFormat } from "../features/statistics/components/import-format.tsx";
import { ImportReport, type ShownImportReport } from "../features/statistics/components/import-report.tsx";
import { importHistoricRegistrations, loadImportCodes } from "../features/statistics/import.server.ts";
import { importForm } from "../features/statistics/import-form.schema.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { ConfirmCheckbox, FileField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/admin-import";

/** Rejected rows shown on the page; the command line lists them all. */
const SHOWN_INVALID_ROWS = 200;

async function requireImporter(context: Route.LoaderArgs["context"]) {
  const session = requireSession(context);
  const { db, origin } = authContext(context);
  if (!can(session.actor, "registration.import")) {
    await recordAudit(db, {
      actorId: session.userId,
      action: "registration.import",
      result: "denied",
      origin,
      at: new Date(),
    });
  }
  authorize(session.actor, "registration.import");
  return session;
}

export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    await requireImporter(context);
    const { db, config } = authContext(context);
    const codes = await loadImportCodes(db);
    return {
      maxMb: Math.floor(config.uploadMaxBytes / (1024 * 1024)),
      codes: {
        offenceCategories: [...codes.offenceCategories],
        referrerTypes: [...codes.referrerTypes],
        noContactReasons: [...codes.noContactReasons],
        regions: [...codes.regions.keys()],
      },
    };
  });
}

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const session = await requireImporter(context);
    const { reportDb, config, origin } = authContext(context);
    const form = await request.formData();
    const parsed = parseForm(importForm, form, { files: ["file"] });
    if (!parsed.ok) return data({ error: "import.noFile" as MessageKey }, { status: 400 });
    const file = form.get("file");
    if (!(file instanceof File) || (file.size === 0 && file.name === "")) {
      return data({ error: "import.noFile" as MessageKey }, { status: 400 });
    }
    if (file.size > config.uploadMaxBytes) {
      return data({ error: "import.tooLarge" as MessageKey }, { status: 413 });
    }
    const report = await importHistoricRegistrations(reportDb, {
      csv: new Uint8Array(await file.arrayBuffer()),
      fileName: file.name,
      skipInvalid: form.get("skipInvalid") === "yes",
      now: new Date(),
      actorId: session.userId,
      origin,
    });
    const shown: ShownImportReport = {
      ...report,
      invalid: report.invalid.slice(0, SHOWN_INVALID_ROWS),
      invalidTotal: report.invalid.length,
    };
    return data({ report: shown }, { status: report.imported ? 200 : 400 });
  });
}

export default function AdminImport() {
  const t = useT();
  const { maxMb, codes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData && "error" in actionData ? t(actionData.error, { mb: maxMb }) : undefined;
  return (
    <div>
      <PageTitle title={t("import.title")} hasErrors={Boolean(error)} />
      <ErrorSummary title={t("reg.errorSummary")} errors={error ? [{ field: "file", message: error }] : []} />
      <Heading level={1}>{t("import.title")}</Heading>
      <Paragraph>{t("import.intro")}</Paragraph>
      {actionData && "report" in actionData ? <ImportReport report={actionData.report} /> : null}
      <Form method="post" encType="multipart/form-data" noValidate className="herstel-prose">
        <CsrfField />
        <FileField
          name="file"
          label={t("import.fileLabel")}
          hint={t("import.fileHint", { mb: maxMb })}
          accept=".csv,text/csv"
          required
          error={error}
          errorPrefix={t("reg.errorPrefix")}
        />
        <ConfirmCheckbox
          name="skipInvalid"
          label={t("import.skipInvalid")}
          hint={t("import.skipInvalidHint")}
          errorPrefix={t("reg.errorPrefix")}
        />
        <Paragraph>
          <a className="utrecht-link utrecht-link--html-a" href="#formaat">
            {t("import.format.title")}
          </a>
        </Paragraph>
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t("import.submit")}
        </button>
      </Form>
      <ImportFormat codes={codes} />
    </div>
  );
}
