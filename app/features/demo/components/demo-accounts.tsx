import { useT } from "../../../lib/i18n/i18n-react.tsx";
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
      <table className="utrecht-table">
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            <th className="utrecht-table__header-cell" scope="col">
              {t("demo.login.account")}
            </th>
            <th className="utrecht-table__header-cell" scope="col">
              {t("demo.login.roles")}
            </th>
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          {accounts.map((a) => (
            <tr key={a.email} className="utrecht-table__row">
              <td className="utrecht-table__cell">{a.email}</td>
              <td className="utrecht-table__cell">{a.roles.map((role) => t(`staff.role.${role}`)).join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
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
