import { useLoaderData } from "react-router";
import { requireSession } from "../features/auth/auth-route.server.ts";
import { authorize } from "../features/auth/permissions.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/staff-home";

export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireSession(context);
    authorize(session.actor, "staff.home");
    return { name: session.displayName, roles: [...session.actor.roles] };
  });
}

export default function StaffHome() {
  const t = useT();
  const { name, roles } = useLoaderData<typeof loader>();
  return (
    <div className="herstel-prose">
      <PageTitle title={t("staff.nav.home")} />
      <Heading level={1}>{t("staff.home.title", { name })}</Heading>
      <Paragraph>
        {roles.length > 0
          ? t("staff.home.roles", { roles: roles.map((r) => t(`staff.role.${r}`)).join(", ") })
          : t("staff.home.noRoles")}
      </Paragraph>
    </div>
  );
}
