import { sql } from "kysely";
import { expect, it } from "vitest";
import { describeWithDatabase } from "./testing/test-database.ts";

describeWithDatabase("type parsers", (handle, kind) => {
  it("return the same JavaScript types on this backend", async () => {
    const { rows } = await sql<{
      n_int4: number;
      n_int8: number;
      n_count: number;
      n_numeric: string;
      t_tz: Date;
      t_plain: Date;
      d: string;
      j: unknown;
    }>`
      SELECT
        42::int4 AS n_int4,
        9007199254740991::int8 AS n_int8,
        (SELECT count(*) FROM generate_series(1, 3)) AS n_count,
        12345678901234567890.123456789::numeric AS n_numeric,
        '2026-03-29 01:30:00.123456+02'::timestamptz AS t_tz,
        '2026-03-29 01:30:00'::timestamp AS t_plain,
        '2026-02-28'::date AS d,
        '{"a": [1, "two", null], "b": {"c": true}}'::jsonb AS j
    `.execute(handle().db);
    const row = rows[0];
    expect(row).toBeDefined();
    expect(row?.n_int4).toBe(42);
    expect(row?.n_int8).toBe(9007199254740991);
    expect(row?.n_count).toBe(3);
    expect(typeof row?.n_count).toBe("number");
    expect(row?.n_numeric).toBe("12345678901234567890.123456789");
    expect(row?.t_tz).toBeInstanceOf(Date);
    expect(row?.t_tz.toISOString()).toBe("2026-03-28T23:30:00.123Z");
    expect(row?.t_plain).toBeInstanceOf(Date);
    expect(row?.t_plain.toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(row?.d).toBe("2026-02-28");
    expect(row?.j).toEqual({ a: [1, "two", null], b: { c: true } });
    expect(kind === "pglite" || kind === "postgres").toBe(true);
  });

  it("refuse an int8 that JavaScript cannot hold exactly, instead of rounding it", async () => {
    await expect(sql`SELECT 9007199254740993::int8 AS big`.execute(handle().db)).rejects.toThrow(/too large/);
  });

  it("round-trip values written through Kysely", async () => {
    const db = handle().db;
    await db
      .insertInto("app_setting")
      .values({ key: "test.roundtrip", value: JSON.stringify({ days: 10 }), updated_at: "2026-01-02T03:04:05.000Z" })
      .execute();
    const row = await db
      .selectFrom("app_setting")
      .selectAll()
      .where("key", "=", "test.roundtrip")
      .executeTakeFirstOrThrow();
    expect(row.value).toEqual({ days: 10 });
    expect(row.updated_at.toISOString()).toBe("2026-01-02T03:04:05.000Z");
  });
});
