import pg from "pg";

/**
 * One place that decides which JavaScript type each PostgreSQL type becomes, used by both
 * PGlite and node-postgres so that the two backends return identical values.
 *
 *   int8 (bigint, count(*))  → number   (throws beyond Number.MAX_SAFE_INTEGER, never rounds)
 *   numeric                  → string   (exact decimal; convert where a number is wanted)
 *   timestamptz / timestamp  → Date (sessions run in UTC)
 *   date                     → string "YYYY-MM-DD" (a calendar day has no time zone)
 *   json / jsonb             → parsed value
 */
export const PG_OID = {
  int8: 20,
  numeric: 1700,
  timestamp: 1114,
  timestamptz: 1184,
  date: 1082,
  json: 114,
  jsonb: 3802,
} as const;

export class UnsafeIntegerError extends Error {
  constructor(value: string) {
    super(`Integer ${value} is too large to be represented exactly in JavaScript`);
    this.name = "UnsafeIntegerError";
  }
}

export function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new UnsafeIntegerError(value);
  return n;
}

// node-postgres' own parser (postgres-date) handles every output form PostgreSQL uses
// (time zone offsets, microseconds, infinity, BC dates); PGlite uses the same function.
const pgTimestampParser = pg.types.getTypeParser(PG_OID.timestamptz, "text") as (value: string) => Date;
const pgTimestampNoZoneParser = pg.types.getTypeParser(PG_OID.timestamp, "text") as (value: string) => Date;

export const typeParsers: Record<number, (value: string) => unknown> = {
  [PG_OID.int8]: parseInt8,
  [PG_OID.numeric]: (value) => value,
  [PG_OID.timestamptz]: pgTimestampParser,
  [PG_OID.timestamp]: pgTimestampNoZoneParser,
  [PG_OID.date]: (value) => value,
  [PG_OID.json]: (value) => JSON.parse(value),
  [PG_OID.jsonb]: (value) => JSON.parse(value),
};
