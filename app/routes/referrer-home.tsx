import { useLoaderData, useSearchParams } from "react-router";
import { authContext } from "../features/auth/auth-route.server.ts";
import { listReferrals } from "../features/referrers/referrer-referrals.server.ts";
import { requireReferrer } from "../features/referrers/referrer-route.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useDates, useT } from "../lib/i18n/i18n-react.tsx";
import { AppLink } from "../ui/app-link.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/referrer-home";

/** A referrer's referrals: reference, date and status only, never content. */
export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireReferrer(context);
    const { db, origin } = authContext(context);
    const referrals = await listReferrals(db, session.referrerId, { origin, now: new Date() });
    return { referrals: referrals.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString() })) };
  });
}

const STATUS_TEXT = {
  received: "referrer.status.received",
  taken_up: "referrer.status.takenUp",
  closed: "referrer.status.closed",
} as const satisfies Record<string, MessageKey>;

export default function ReferrerHome() {
  const t = useT();
  const { referrals } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const sent = params.get("verwezen");
  const { date } = useDates();
  const showSender = referrals.some((r) => !r.own);
  return (
    <div className="herstel-prose">
      <PageTitle title={t("referrer.home.title")} />
      <Heading level={1}>{t("referrer.home.title")}</Heading>
      {sent && /^HB-\d{4}-\d{6}$/.test(sent) ? (
        <Paragraph role="status">{t("referrer.home.sent", { reference: sent })}</Paragraph>
      ) : null}
      <Paragraph>{t("referrer.home.intro")}</Paragraph>
      <Paragraph>
        <AppLink to="/verwijzers/verwijzen">{t("referrer.nav.refer")}</AppLink>
      </Paragraph>
      {referrals.length === 0 ? (
        <Paragraph>{t("referrer.home.none")}</Paragraph>
      ) : (
        <table className="utrecht-table" data-testid="referrals">
          <caption className="utrecht-table__caption">{t("referrer.home.caption")}</caption>
          <thead className="utrecht-table__header">
            <tr className="utrecht-table__row">
              <th className="utrecht-table__header-cell" scope="col">
                {t("referrer.home.reference")}
              </th>
              <th className="utrecht-table__header-cell" scope="col">
                {t("referrer.home.date")}
              </th>
              {showSender ? (
                <th className="utrecht-table__header-cell" scope="col">
                  {t("referrer.home.sender")}
                </th>
              ) : null}
              <th className="utrecht-table__header-cell" scope="col">
                {t("referrer.home.status")}
              </th>
            </tr>
          </thead>
          <tbody className="utrecht-table__body">
            {referrals.map((r) => (
              <tr key={r.reference} className="utrecht-table__row">
                <td className="utrecht-table__cell">{r.reference}</td>
                <td className="utrecht-table__cell">{date(r.receivedAt)}</td>
                {showSender ? <td className="utrecht-table__cell">{r.sender}</td> : null}
                <td className="utrecht-table__cell">
                  {r.status ? t(STATUS_TEXT[r.status]) : t("referrer.status.notShared")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
