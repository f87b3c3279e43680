import { Form, useActionData, useLoaderData } from "react-router";
import { recordAudit } from "../features/audit/audit.commands.server.ts";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize, can } from "../features/auth/permissions.ts";
import { listRegions } from "../features/auth/users.queries.server.ts";
import { type CaseFilters, isOverdue, listCases } from "../features/cases/case.queries.server.ts";
import { CASE_STEPS } from "../features/cases/case.rules.ts";
import { caseSearchForm } from "../features/cases/case-forms.schema.ts";
import { loadLists } from "../features/registration/registration.queries.server.ts";
import { todayInAmsterdam } from "../features/registration/registration.schema.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useLocale, useT } from "../lib/i18n/i18n-react.tsx";
import { AppLink } from "../ui/app-link.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { DataTable } from "../ui/data-table.tsx";
import { ConfirmCheckbox, SelectField, TextField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-cases";

/**
 * The cases of this mediator, or of this coordinator's regions (row-level security decides),
 * with filters in the address (no personal data) and a name search sent as a form post, so that
 * names never end up in an address, a browser history or a proxy log.
 */
function filtersFrom(params: URLSearchParams | FormData, today: string): CaseFilters {
  const get = (name: string) => {
    const v = params.get(name);
    return typeof v === "string" && v !== "" ? v.slice(0, 100) : undefined;
  };
  const number = (name: string) => (/^\d{1,9}$/.test(get(name) ?? "") ? Number(get(name)) : undefined);
  const step = get("step");
  return {
    step: step && (CASE_STEPS as readonly string[]).includes(step) ? step : undefined,
    regionId: number("region"),
    offence: get("offence")?.match(/^[a-z_]{1,50}$/) ? get("offence") : undefined,
    overdueBefore: get("overdue") === "yes" ? today : undefined,
    search: get("q")?.trim() || undefined,
    page: number("page") ?? 1,
  };
}

async function casesFor(context: Route.LoaderArgs["context"], filters: CaseFilters, today: string) {
  const session = requireSession(context);
  const { db, origin } = authContext(context);
  await recordAudit(db, {
    actorId: session.userId,
    action: "case.list",
    result: can(session.actor, "case.list") ? "allowed" : "denied",
    origin,
    at: new Date(),
  });
  authorize(session.actor, "case.list");
  const { cases, hasMore } = await listCases(db, session.actor, filters);
  return {
    hasMore,
    page: filters.page ?? 1,
    cases: cases.map((c) => ({
      id: c.id,
      reference: c.reference,
      step: c.step,
      region: c.region,
      due: c.first_conversation_due,
      overdue: isOverdue(c.step, c.first_conversation_due, today),
      mediators: c.mediators,
    })),
  };
}

export async function loader({ request, context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const today = todayInAmsterdam(new Date());
    const url = new URL(request.url);
    const filters = filtersFrom(url.searchParams, today);
    const { db } = authContext(context);
    const [result, regions, lists] = await Promise.all([
      casesFor(context, filters, today),
      listRegions(db),
      loadLists(db),
    ]);
    return { ...result, regions, offences: lists.offence_category, filters: Object.fromEntries(url.searchParams) };
  });
}

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const today = todayInAmsterdam(new Date());
    const form = await request.formData();
    // Strict: the search form's own fields only; anything else is a bad request.
    if (!parseForm(caseSearchForm, form).ok) throw routeError(ErrorCode.BadRequest);
    return {
      search: await casesFor(context, filtersFrom(form, today), today),
      q: String(form.get("q") ?? "").slice(0, 100),
    };
  });
}

export default function StaffCases() {
  const t = useT();
  const locale = useLocale();
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const shown = actionData?.search ?? loaded;
  const f = loaded.filters as Record<string, string>;
  const prefix = t("reg.errorPrefix");
  const query = (page: number) => new URLSearchParams({ ...f, page: String(page) }).toString();
  return (
    <div>
      <PageTitle title={t("staff.cases.title")} />
      <Heading level={1}>{t("staff.cases.title")}</Heading>
      <Form method="get" className="herstel-filters" aria-label={t("cases.filters")}>
        <SelectField
          name="step"
          label={t("staff.cases.step")}
          optionalText={t("reg.optional")}
          value={f.step}
          choices={CASE_STEPS.map((s) => ({ value: s, label: t(`step.${s}` as MessageKey) }))}
          placeholder={t("cases.all")}
          errorPrefix={prefix}
        />
        <SelectField
          name="region"
          label={t("staff.cases.region")}
          optionalText={t("reg.optional")}
          value={f.region}
          choices={loaded.regions.map((r) => ({ value: String(r.id), label: r.name }))}
          placeholder={t("cases.all")}
          errorPrefix={prefix}
        />
        <SelectField
          name="offence"
          label={t("staff.registrations.offence")}
          optionalText={t("reg.optional")}
          value={f.offence}
          choices={loaded.offences.map((o) => ({ value: o.code, label: locale === "en" ? o.label_en : o.label_nl }))}
          placeholder={t("cases.all")}
          errorPrefix={prefix}
        />
        <ConfirmCheckbox
          name="overdue"
          label={t("cases.overdueOnly")}
          checked={f.overdue === "yes"}
          errorPrefix={prefix}
        />
        <button type="submit" className="utrecht-button utrecht-button--secondary-action">
          {t("cases.filter")}
        </button>
      </Form>
      <Form method="post" className="herstel-filters" aria-label={t("cases.search")}>
        <CsrfField />
        {Object.entries(f).map(([name, value]) =>
          name === "page" ? null : <input key={name} type="hidden" name={name} value={value} />,
        )}
        <TextField
          name="q"
          type="text"
          label={t("cases.search")}
          hint={t("cases.searchHint")}
          value={actionData?.q}
          maxLength={100}
          errorPrefix={prefix}
        />
        <button type="submit" className="utrecht-button utrecht-button--secondary-action">
          {t("cases.searchButton")}
        </button>
      </Form>
      {shown.cases.length === 0 ? (
        <Paragraph>{t("staff.cases.empty")}</Paragraph>
      ) : (
        <DataTable
          headers={[
            t("staff.registrations.reference"),
            t("staff.cases.step"),
            t("staff.cases.region"),
            t("staff.cases.due"),
            t("staff.cases.mediators"),
          ]}
          rows={shown.cases.map((c) => ({
            key: c.id,
            cells: [
              <AppLink key="ref" to={`/medewerkers/zaken/${c.id}`}>
                {c.reference}
              </AppLink>,
              t(`step.${c.step}` as MessageKey),
              c.region,
              c.overdue ? (
                <strong key="due" className="herstel-overdue">
                  {c.due} ({t("staff.cases.overdue")})
                </strong>
              ) : (
                c.due
              ),
              c.mediators.join(", "),
            ],
          }))}
        />
      )}
      {!actionData ? (
        <nav aria-label={t("cases.pages")} className="herstel-pagination">
          {shown.page > 1 ? <AppLink to={`?${query(shown.page - 1)}`}>{t("cases.previous")}</AppLink> : null}
          {shown.hasMore ? <AppLink to={`?${query(shown.page + 1)}`}>{t("cases.next")}</AppLink> : null}
        </nav>
      ) : null}
    </div>
  );
}
