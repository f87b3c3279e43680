import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { DataTable } from "../../../ui/data-table.tsx";
import { Heading, Paragraph } from "../../../ui/typography.tsx";
import type { Role } from "../../auth/roles.ts";

/** The demo accounts on the sign-in page, in demo mode only (routes/login.tsx decides). */
export function DemoAccounts({
  password,
  accounts,
}: {
  password: string;
  accounts: { email: string; roles: Role[] }[];
}) {
  const t = useT();
  return (
    <section className="herstel-demo-box" aria-labelledby="demo-accounts">
      <Heading level={2} id="demo-accounts">
        {t("demo.login.title")}
      </Heading>
      <Paragraph>{t("demo.login.intro")}</Paragraph>
      <Paragraph>
        <strong>{t("demo.login.password", { password })}</strong>
      </Paragraph>
      <DataTable
        headers={[t("demo.login.account"), t("demo.login.roles")]}
        rows={accounts.map((a) => ({
          key: a.email,
          cells: [a.email, a.roles.map((role) => t(`staff.role.${role}`)).join(", ")],
        }))}
      />
    </section>
  );
}

/** A demo account's current code on the code page, in demo mode only (routes/login-code.tsx). */
export function DemoCode({ code }: { code: string }) {
  const t = useT();
  return (
    <section className="herstel-demo-box" aria-labelledby="demo-code">
      <Heading level={2} id="demo-code">
        {t("demo.code.title")}
      </Heading>
      <Paragraph>{t("demo.code.now", { code })}</Paragraph>
    </section>
  );
}
