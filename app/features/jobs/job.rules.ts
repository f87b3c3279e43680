/** Pure rules of the job runner: when a job is due, and how long to wait after a failure. */

/** Every `everyMs` (the outbox), or once a day at a time of day in Dutch time ("03:30"). */
export type JobSchedule = { everyMs: number } | { dailyAt: string };

export const JOB_TIME_ZONE = "Europe/Amsterdam";

/** What the job's row remembers of earlier runs (job_lease). */
export type JobHistory = {
  lastSucceededAt: Date | null;
  lastFinishedAt: Date | null;
  /** Failed runs since the last success. */
  failures: number;
};

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isTimeOfDay(value: string): boolean {
  return TIME_OF_DAY.test(value);
}

/** The wall-clock date and time of an instant in a time zone. */
function zonedParts(instant: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
  };
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000;
}

/** The instant a wall-clock time happens in the zone (a time skipped by summer time lands an hour later). */
function zonedTimeToInstant(year: number, month: number, day: number, hour: number, minute: number, timeZone: string) {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const first = wall - zoneOffsetMs(wall, timeZone);
  // Near a change of the clocks the offset at the guess can differ from the offset at the answer.
  return wall - zoneOffsetMs(first, timeZone);
}

/** The most recent moment, at or before `now`, at which a job scheduled daily at `at` was due. */
export function lastDailySlot(now: Date, at: string, timeZone = JOB_TIME_ZONE): Date {
  const match = TIME_OF_DAY.exec(at);
  if (!match) throw new Error(`not a time of day: ${at}`);
  const [hour, minute] = [Number(match[1]), Number(match[2])];
  const today = zonedParts(now.getTime(), timeZone);
  const slot = zonedTimeToInstant(today.year, today.month, today.day, hour, minute, timeZone);
  if (slot <= now.getTime()) return new Date(slot);
  // Not yet today: yesterday's (Date.UTC normalises day 0 to the last day of the month before).
  const y = new Date(Date.UTC(today.year, today.month - 1, today.day - 1));
  return new Date(zonedTimeToInstant(y.getUTCFullYear(), y.getUTCMonth() + 1, y.getUTCDate(), hour, minute, timeZone));
}

/** After `failures` failed runs in a row: 1, 2, 4 … minutes before the next try, at most an hour. */
export function retryDelayMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(60_000 * 2 ** Math.min(failures - 1, 20), 3_600_000);
}

/**
 * Whether a daily job should run now: it has not succeeded since the last scheduled moment, and
 * it is not waiting out the back-off after a failed run.
 */
export function isDailyRunDue(history: JobHistory, at: string, now: Date): boolean {
  const slot = lastDailySlot(now, at);
  if (history.lastSucceededAt && history.lastSucceededAt >= slot) return false;
  if (history.failures > 0 && history.lastFinishedAt) {
    return now.getTime() >= history.lastFinishedAt.getTime() + retryDelayMs(history.failures);
  }
  return true;
}

/** While the database is away, a job tries again after 1, 2, 4, 8 and then every 10 seconds. */
export function databaseRetryDelayMs(faultsInARow: number): number {
  return Math.min(1000 * 2 ** Math.max(0, faultsInARow - 1), 10_000);
}
