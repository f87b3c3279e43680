import { Form } from "react-router";
import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { CsrfField } from "../../../ui/csrf-field.tsx";
import { TextField } from "../../../ui/form-field.tsx";
import { Heading, Paragraph } from "../../../ui/typography.tsx";
import { ReauthFields } from "./reauth-fields.tsx";

type FieldError = { field: string; message: string } | undefined;

/** The account page's three forms; each asks again for the password and a fresh code. */
export function PasswordForm({ error }: { error: FieldError }) {
  const t = useT();
  return (
    <section aria-labelledby="password-title">
      <Heading level={2} id="password-title">
        {t("account.password.title")}
      </Heading>
      <Paragraph>{t("staff.account.intro")}</Paragraph>
      <Form method="post" noValidate>
        <CsrfField />
        <input type="hidden" name="intent" value="password" />
        <ReauthFields idPrefix="password" error={error} />
        <TextField
          id="password-newPassword"
          name="newPassword"
          type="password"
          label={t("auth.field.newPassword")}
          hint={t("auth.hint.newPassword")}
          required
          autoComplete="new-password"
          error={error?.field === "newPassword" ? error.message : undefined}
          errorPrefix={t("reg.errorPrefix")}
        />
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t("staff.account.submit")}
        </button>
      </Form>
    </section>
  );
}

export function EmailForm({ email, error }: { email: string; error: FieldError }) {
  const t = useT();
  return (
    <section aria-labelledby="email-title">
      <Heading level={2} id="email-title">
        {t("account.email.title")}
      </Heading>
      <Paragraph>{t("account.email.current", { email })}</Paragraph>
      <Form method="post" noValidate>
        <CsrfField />
        <input type="hidden" name="intent" value="email" />
        <TextField
          id="email-newEmail"
          name="newEmail"
          type="email"
          label={t("account.email.new")}
          required
          maxLength={254}
          autoComplete="email"
          error={error?.field === "newEmail" ? error.message : undefined}
          errorPrefix={t("reg.errorPrefix")}
        />
        <ReauthFields idPrefix="email" error={error} />
        <button type="submit" className="utrecht-button utrecht-button--primary-action">
          {t("account.email.submit")}
        </button>
      </Form>
    </section>
  );
}

export function TotpForm({ error }: { error: FieldError }) {
  const t = useT();
  return (
    <section aria-labelledby="totp-title">
      <Heading level={2} id="totp-title">
        {t("account.totp.title")}
      </Heading>
      <Paragraph>{t("account.totp.intro")}</Paragraph>
      <Form method="post" noValidate>
        <CsrfField />
        <input type="hidden" name="intent" value="totp" />
        <ReauthFields idPrefix="totp" error={error} />
        <button type="submit" className="utrecht-button utrecht-button--secondary-action">
          {t("account.totp.submit")}
        </button>
      </Form>
    </section>
  );
}
