import { Form, redirect, useLoaderData, useSearchParams } from "react-router";
import { z } from "zod";
import { authContext } from "../features/auth/auth-route.server.ts";
import { mayOfferWithdrawal, withdrawReferral } from "../features/referrers/referral-withdrawal.server.ts";
import { listReferrals } from "../features/referrers/referrer-referrals.server.ts";
import { requireReferrer } from "../features/referrers/referrer-route.server.ts";
import { ErrorCode, routeError, withDomainErrors } from "../lib/errors.ts";
import { parseForm } from "../lib/form-schema.ts";
import type { MessageKey } from "../lib/i18n/i18n.ts";
import { useDates, useT } from "../lib/i18n/i18n-react.tsx";
import { AppLink } from "../ui/app-link.tsx";
import { CsrfField } from "../ui/csrf-field.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/referrer-home";

/** A referrer's referrals: reference, date and status only, never content. */
export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const session = requireReferrer(context);
    const { db, origin } = authContext(context);
    const now = new Date();
    const referrals = await listReferrals(db, session.referrerId, { origin, now });
    return {
      referrals: referrals.map((r) => ({
        ...r,
        receivedAt: r.receivedAt.toISOString(),
        withdrawable: mayOfferWithdrawal(r, now),
      })),
    };
  });
}

/** Withdrawing a referral sent by mistake (asked for on this page with ?intrekken=<reference>). */
const withdrawForm = z.strictObject({ reference: z.string().regex(/^HB-\d{4}-\d{6}$/) });

const WITHDRAW_TEXT = {
  withdrawn: "referrer.withdraw.done",
  not_found: "referrer.withdraw.notPossible",
  taken_up: "referrer.withdraw.notPossible",
  too_late: "referrer.withdraw.tooLate",
  on_hold: "referrer.withdraw.notPossible",
} as const satisfies Record<string, MessageKey>;

export async function action({ request, context }: Route.ActionArgs) {
  return withDomainErrors(async () => {
    const session = requireReferrer(context);
    const { db, origin } = authContext(context);
    const form = parseForm(withdrawForm, await request.formData());
    if (!form.ok) throw routeError(ErrorCode.BadRequest);
    const outcome = await withdrawReferral(db, session.referrerId, {
      reference: form.data.reference,
      origin,
      now: new Date(),
    });
    return redirect(`/verwijzers?ingetrokken=${outcome}`, 303);
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
  const withdrawn = params.get("ingetrokken");
  const asked = referrals.find((r) => r.withdrawable && r.reference === params.get("intrekken"));
  const showSender = referrals.some((r) => !r.own);
  return (
    <div className="herstel-prose">
      <PageTitle title={t("referrer.home.title")} />
      <Heading level={1}>{t("referrer.home.title")}</Heading>
      {sent && /^HB-\d{4}-\d{6}$/.test(sent) ? (
        <Paragraph role="status">{t("referrer.home.sent", { reference: sent })}</Paragraph>
      ) : null}
      {withdrawn && withdrawn in WITHDRAW_TEXT ? (
        <Paragraph role={withdrawn === "withdrawn" ? "status" : "alert"}>
          {t(WITHDRAW_TEXT[withdrawn as keyof typeof WITHDRAW_TEXT])}
        </Paragraph>
      ) : null}
      {asked ? (
        <Form method="post" action="/verwijzers?index" className="herstel-confirm" aria-labelledby="withdraw-heading">
          <Heading level={2} id="withdraw-heading">
            {t("referrer.withdraw.confirmTitle", { reference: asked.reference })}
          </Heading>
          <Paragraph>{t("referrer.withdraw.confirmText")}</Paragraph>
          <CsrfField />
          <input type="hidden" name="reference" value={asked.reference} />
          <button type="submit" className="utrecht-button utrecht-button--primary-action">
            {t("referrer.withdraw.confirm")}
          </button>{" "}
          <AppLink to="/verwijzers">{t("referrer.withdraw.cancel")}</AppLink>
        </Form>
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
              <th className="utrecht-table__header-cell" scope="col">
                {t("staff.table.actions")}
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
                <td className="utrecht-table__cell">
                  {r.withdrawable ? (
                    <AppLink to={`/verwijzers?intrekken=${r.reference}`}>
                      {t("referrer.withdraw.link", { reference: r.reference })}
                    </AppLink>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
