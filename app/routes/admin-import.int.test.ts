import { beforeAll, expect, it } from "vitest";
import { describeWithDatabase } from "../db/testing/test-database.ts";
import { requireStaffMiddleware } from "../features/auth/auth-route.server.ts";
import { IMPORT_COLUMNS, OPTIONAL_COLUMNS } from "../features/statistics/import.rules.ts";
import { formPost, routeContext, statusOf } from "../testing/route-context.ts";
import { staffWithSession } from "../testing/staff-fixtures.ts";
import { action } from "./admin-import.tsx";

const URL_ = "http://localhost/medewerkers/beheer/import";
/** The header of an older export, without the optional columns. */
const HEADER = IMPORT_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.has(c)).join(",");
const GOOD =
  "OUD-{n},2019-03-04,2019-03-10,referrer,probation,offender,offender,violence,west,contact,letter_exchange,,2019-09-01";

function upload(csv: string | null, options: { skipInvalid?: boolean; name?: string } = {}): FormData {
  const form = new FormData();
  form.set("_csrf", "t");
  if (csv !== null) form.set("file", new File([csv], options.name ?? "oud.csv", { type: "text/csv" }));
  else form.set("file", new File([], "", { type: "application/octet-stream" }));
  if (options.skipInvalid) form.set("skipInvalid", "yes");
  return form;
}

describeWithDatabase("the import page", (handle) => {
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    for (const [name, role] of [
      ["admin", "administrator"],
      ["coordinator", "coordinator"],
    ] as const) {
      const { token } = await staffWithSession(handle(), { email: `${name}@test.example`, roles: [role] });
      cookies[name] = `herstel_sessie=${token}`;
    }
  });

  /** Posts the form through the staff guard, as the server would. */
  async function post(form: FormData, who: "admin" | "coordinator") {
    const request = formPost(URL_, form, cookies[who]);
    const context = routeContext(handle());
    return Promise.resolve()
      .then(() =>
        requireStaffMiddleware(
          { request, params: {}, context } as never,
          (() => action({ request, params: {}, context } as never)) as never,
        ),
      )
      .catch((e: unknown) => e);
  }
  const reportOf = (result: unknown) => (result as { data: { report: Record<string, unknown> } }).data.report;
  const count = async () =>
    Number(
      (
        await handle()
          .db.selectFrom("historic_registration")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("imports an uploaded file for an administrator", async () => {
    const csv = [HEADER, ...[1, 2, 3].map((n) => GOOD.replace("{n}", String(n)))].join("\n");
    const result = await post(upload(csv), "admin");
    expect(statusOf(result)).toBe(200);
    expect(reportOf(result)).toMatchObject({
      fileName: "oud.csv",
      rows: 3,
      valid: 3,
      invalid: [],
      invalidTotal: 0,
      inserted: 3,
      alreadyImported: 0,
      imported: true,
    });
    expect(await count()).toBe(3);
    const audit = await handle()
      .db.selectFrom("audit_log")
      .select(["action", "result", "actor_id"])
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: "registration.import", result: "allowed" });
    expect(audit.actor_id).not.toBeNull();
  });

  it("refuses a file with a bad row, reports the line, and imports it with skipInvalid", async () => {
    const csv = [HEADER, GOOD.replace("{n}", "10"), GOOD.replace("{n}", "11").replace("violence", "fraude")].join("\n");
    const refused = await post(upload(csv), "admin");
    expect(statusOf(refused)).toBe(400);
    expect(reportOf(refused)).toMatchObject({
      imported: false,
      inserted: 0,
      invalidTotal: 1,
      invalid: [
        {
          line: 3,
          externalId: "OUD-11",
          problems: [{ code: "unknown_value", params: { column: "offence_category" } }],
        },
      ],
    });
    expect(await count()).toBe(3);
    const skipped = await post(upload(csv, { skipInvalid: true }), "admin");
    expect(reportOf(skipped)).toMatchObject({ imported: true, inserted: 1, invalidTotal: 1 });
    expect(await count()).toBe(4);
  });

  it("asks for a file when none was chosen", async () => {
    const result = await post(upload(null), "admin");
    expect(statusOf(result)).toBe(400);
    expect((result as { data: unknown }).data).toEqual({ error: "import.noFile" });
  });

  it("is refused, and audited, for anyone but an administrator", async () => {
    const csv = [HEADER, GOOD.replace("{n}", "20")].join("\n");
    const result = await post(upload(csv), "coordinator");
    expect(statusOf(result)).toBe(403);
    expect(await count()).toBe(4);
    const audit = await handle()
      .db.selectFrom("audit_log")
      .select(["action", "result"])
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: "registration.import", result: "denied" });
  });
});
