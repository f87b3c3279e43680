import type { MessageKey } from "../../../lib/i18n/i18n.ts";
import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { TextField } from "../../../ui/form-field.tsx";

/** Messages for a failed re-authentication, by field and reason (see reauth.server.ts). */
export const REAUTH_MESSAGES: Record<string, MessageKey> = {
  "currentPassword:invalid": "auth.login.invalid",
  "currentPassword:throttled": "auth.login.throttled",
  "code:invalid": "auth.code.invalid",
  "code:reused": "auth.code.reused",
  "code:throttled": "auth.login.throttled",
};

export function reauthMessage(field: string, reason: string): MessageKey {
  return REAUTH_MESSAGES[`${field}:${reason}`] ?? "auth.code.invalid";
}

/** The current password and a fresh code, asked again before a sensitive change (docs/security.md 12). */
export function ReauthFields({
  idPrefix,
  error,
  required = true,
}: {
  idPrefix: string;
  error?: { field: string; message: string };
  required?: boolean;
}) {
  const t = useT();
  return (
    <>
      <TextField
        id={`${idPrefix}-currentPassword`}
        name="currentPassword"
        type="password"
        label={t("staff.account.current")}
        required={required}
        autoComplete="current-password"
        error={error?.field === "currentPassword" ? error.message : undefined}
        errorPrefix={t("reg.errorPrefix")}
      />
      <TextField
        id={`${idPrefix}-code`}
        name="code"
        type="text"
        label={t("auth.field.code")}
        hint={t("auth.hint.code")}
        required={required}
        autoComplete="one-time-code"
        width="medium"
        error={error?.field === "code" ? error.message : undefined}
        errorPrefix={t("reg.errorPrefix")}
      />
    </>
  );
}
