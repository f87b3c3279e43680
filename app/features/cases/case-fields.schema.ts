import { z } from "zod";
import { isCalendarDate } from "../../lib/calendar-date.ts";
import { todayInAmsterdam } from "../registration/registration.schema.ts";

/** The building blocks every case form's schema is made of. */
export const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const text = (max: number) => z.string().trim().max(max);
/** A real calendar date. */
export const day = z.string().refine(isCalendarDate);
/** A day that happened: a real calendar date, not after today in the Netherlands. */
export const pastDay = z.string().refine((value) => isCalendarDate(value) && value <= todayInAmsterdam());
export const version = z.coerce.number().int().min(0).max(999_999_999);
export const MINUTES_MAX = 1440;
export const minutes = z.coerce.number().int().min(0).max(MINUTES_MAX);
export const yesNo = z.enum(["yes", "no"]);
/** A name of a person in a case. */
export const NAME_MAX = 200;
