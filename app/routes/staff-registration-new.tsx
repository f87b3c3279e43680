import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import { authContext, requireSession } from "../features/auth/auth-route.server.ts";
import { authorize } from "../features/auth/permissions.ts";
import { RegistrationField } from "../features/registration/components/registration-field.tsx";
import { forPath, stepsFor } from "../features/registration/registration.fields.ts";
import { loadLists } from "../features/registration/registration.queries.server.ts";
import { todayInAmsterdam } from "../features/registration/registration.schema.ts";
import {
  parseStaffEntry,
  registerByStaff,
  STAFF_CHANNELS,
  type StaffChannel,
} from "../features/registration/staff-entry.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { requestStateContext } from "../lib/request-state.server.ts";
import { CsrfField } from "../ui/csrf-field.tsx";
import { ErrorSummary } from "../ui/error-summary.tsx";
import { SelectField } from "../ui/form-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-registration-new";

/** The intake desk enters a registration received by phone, e-mail, letter or in person. */
export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    authorize(session.actor, "registration.enter");
    return { lists: await loadLists(authContext(context).db) };
  });
}

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    authorize(session.actor, "registration.enter");
    const { db, origin } = authContext(context);
    const now = new Date();
    const form = await request.formData();
    const channel = String(form.get("channel") ?? "");
    const parsed = parseStaffEntry([...form.entries()], await loadLists(db), todayInAmsterdam(now));
    const channelError = (STAFF_CHANNELS as readonly string[]).includes(channel)
      ? {}
      : { channel: "validation.choose" as MessageKey };
    if (!parsed.ok || Object.keys(channelError).length > 0) {
      return data(
        {
          errors: { ...channelError, ...(parsed.ok ? {} : parsed.errors) },
          values: parsed.ok ? parsed.answers : parsed.values,
        },
        { status: 400 },
      );
    }
    const made = await registerByStaff(db, session.actor, {
      channel: channel as StaffChannel,
      answers: parsed.answers,
      locale: context.get(requestStateContext).locale,
      origin,
      now,
    });
    return redirect(`/medewerkers/aanmeldingen/${made.id}`, 303);
  });
}

export default function StaffRegistrationNew() {
  const t = useT();
  const { lists } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = (actionData?.errors ?? {}) as Record<string, MessageKey>;
  const values = actionData?.values ?? {};
  const summary = Object.entries(errors).map(([field, key]) => ({ field, message: t(key) }));
  return (
    <div className="herstel-prose">
      <PageTitle title={t("entry.title")} hasErrors={summary.length > 0} />
      <ErrorSummary title={t("reg.errorSummary")} errors={summary} />
      <Heading level={1}>{t("entry.title")}</Heading>
      <Paragraph>{t("entry.intro")}</Paragraph>
      <Form method="post" noValidate>
        <CsrfField />
        <SelectField
          name="channel"
          label={t("entry.channel")}
          required
          choices={["phone", "email", "letter", "in_person"].map((c) => ({
            value: c,
            label: t(`entry.channel.${c}` as MessageKey),
          }))}
          placeholder={t("option.choose")}
          error={errors.channel ? t(errors.channel) : undefined}
          errorPrefix={t("reg.errorPrefix")}
        />
        {stepsFor("self").map((step) => (
          <section key={step.id} aria-labelledby={`entry-${step.id}`}>
            <Heading level={2} id={`entry-${step.id}`}>
              {t(forPath(step.title, "self"))}
            </Heading>
            {step.fields.map((spec) => (
              <RegistrationField
                key={spec.name}
                spec={spec}
                path="self"
                lists={lists}
                values={values}
                errors={errors}
              />
            ))}
          </section>
        ))}
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t("entry.submit")}
        </button>
      </Form>
    </div>
  );
}
