import { useLoaderData } from "react-router";
import { authContext } from "../features/auth/auth-route.server.ts";
import { openApiDocument } from "../features/partner-api/openapi.ts";
import { partnerFields } from "../features/partner-api/partner-referrals.server.ts";
import { PROBLEM_TYPES } from "../features/partner-api/problem.ts";
import { loadLists } from "../features/registration/registration.queries.server.ts";
import { withDomainErrors } from "../lib/errors.ts";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading, Paragraph } from "../ui/typography.tsx";
import type { Route } from "./+types/api-docs";

/**
 * GET /api/v1/docs: a reference for developers of partner systems, rendered on the server from
 * the same OpenAPI document (no third-party scripts). Written in English, the language of the
 * API itself.
 */
export async function loader({ context }: Route.LoaderArgs) {
  return withDomainErrors(async () => {
    const { db, config } = authContext(context);
    const document = openApiDocument(partnerFields(), await loadLists(db), config.publicUrl.origin);
    const schemas = (document.components as { schemas: Record<string, { properties: object; required: string[] }> })
      .schemas;
    const request = schemas.ReferralRequest as {
      properties: Record<
        string,
        {
          type: string | string[];
          enum?: unknown[];
          maxLength?: number;
          format?: string;
          const?: unknown;
          items?: { enum?: unknown[] };
        }
      >;
      required: string[];
    };
    return {
      origin: config.publicUrl.origin,
      fields: Object.entries(request.properties).map(([name, schema]) => ({
        name,
        type: String(schema.type),
        required: request.required.includes(name),
        values: (schema.enum ?? schema.items?.enum ?? (schema.const !== undefined ? [schema.const] : []))
          .map(String)
          .join(", "),
        limit: schema.maxLength ? `≤ ${schema.maxLength}` : (schema.format ?? ""),
      })),
      problems: Object.entries(PROBLEM_TYPES).map(([kind, p]) => ({ kind, ...p })),
    };
  });
}

export default function ApiDocs() {
  const { origin, fields, problems } = useLoaderData<typeof loader>();
  const example = `curl -X POST ${origin}/api/v1/referrals \\
  -H "Authorization: Bearer $HERSTEL_API_KEY" \\
  -H "Content-Type: application/json" \\
  -H "Idempotency-Key: 3f0c9a52-1f7e-4c1e-9a0e-6f4f3c9b2d11" \\
  -d '{"referrerName":"A. Jansen","referrerEmail":"a.jansen@example.org","role":"victim",
       "offenceCategory":"violence","policeReport":"yes","otherPartyKnown":"no",
       "name":"Client name","ageGroup":"25_44","phone":"0612345678","contactChannels":["phone"],
       "voicemailAllowed":"no","senderNameAllowed":"no","language":"nl","interpreterNeeded":"no",
       "clientConsent":true,"statusUpdates":"yes"}'

curl ${origin}/api/v1/referrals/HB-2026-000123 -H "Authorization: Bearer $HERSTEL_API_KEY"`;
  return (
    <div className="herstel-prose" lang="en">
      <PageTitle title="Partner API reference" />
      <Heading level={1}>Partner API reference</Heading>
      <Paragraph>
        Referring organisations send referrals from their own case systems and read their status. The machine-readable
        description is <a href={"/api/v1/openapi.json"}>/api/v1/openapi.json</a> (OpenAPI 3.1).
      </Paragraph>
      <Heading level={2}>Keys and scopes</Heading>
      <Paragraph>
        Staff of the mediation service make a key for your organisation and show it once. It starts with herstel_pk_.
        Send it as <code>Authorization: Bearer herstel_pk_…</code>. A key has the scopes referrals:write and/or
        referrals:read-status. A key makes at most 60 calls a minute; more get status 429 with Retry-After.
      </Paragraph>
      <Heading level={2}>Endpoints</Heading>
      <ul>
        <li>
          <code>POST /api/v1/referrals</code> with an <code>Idempotency-Key</code> header: sends a referral. The same
          key and body give the same referral again (200); a used key with another body is refused (409).
        </li>
        <li>
          <code>GET /api/v1/referrals/{"{reference}"}</code>: the status of a referral your organisation sent: received,
          taken_up or closed; null when the client did not agree to status updates. Never the content of a case.
        </li>
        <li>
          <code>GET /api/v1/statistics</code>: the annual figures, for signed-in coordinators and researchers.
        </li>
      </ul>
      <Heading level={2}>Example</Heading>
      <pre>
        <code>{example}</code>
      </pre>
      <Heading level={2}>Fields of a referral</Heading>
      <Paragraph>
        The same fields and rules as the public referral form. The organisation&apos;s name and kind come from your key.
      </Paragraph>
      <table className="utrecht-table">
        <caption className="utrecht-table__caption">Fields</caption>
        <thead className="utrecht-table__header">
          <tr className="utrecht-table__row">
            <th className="utrecht-table__header-cell" scope="col">
              Field
            </th>
            <th className="utrecht-table__header-cell" scope="col">
              Type
            </th>
            <th className="utrecht-table__header-cell" scope="col">
              Required
            </th>
            <th className="utrecht-table__header-cell" scope="col">
              Values or limit
            </th>
          </tr>
        </thead>
        <tbody className="utrecht-table__body">
          {fields.map((f) => (
            <tr key={f.name} className="utrecht-table__row">
              <td className="utrecht-table__cell">
                <code>{f.name}</code>
              </td>
              <td className="utrecht-table__cell">{f.type}</td>
              <td className="utrecht-table__cell">{f.required ? "yes" : "no"}</td>
              <td className="utrecht-table__cell">{f.values || f.limit}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Heading level={2}>Errors</Heading>
      <Paragraph>
        Errors are application/problem+json (RFC 9457). A 422 lists every wrong field in <code>errors</code>, each with
        field, code and detail.
      </Paragraph>
      <ul>
        {problems.map((p) => (
          <li key={p.kind} id={`problem-${p.kind}`}>
            {p.status}: {p.title}
          </li>
        ))}
      </ul>
    </div>
  );
}
