import { readCookie } from "../cookies.ts";
import { en } from "./messages.en.ts";
import { type MessageKey, nl } from "./messages.nl.ts";

export type { MessageKey };
export const LOCALES = ["nl", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "nl";
export const LOCALE_COOKIE = "herstel_lang";

const catalogues: Record<Locale, Record<MessageKey, string>> = { nl, en };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Returns the message for key in locale, with {name} placeholders filled in. */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const template = catalogues[locale][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

/** Reads the language choice from a Cookie header; Dutch unless English was chosen. */
export function localeFromCookieHeader(cookieHeader: string | null): Locale {
  const value = readCookie(cookieHeader, LOCALE_COOKIE);
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

export function catalogue(locale: Locale): Readonly<Record<MessageKey, string>> {
  return catalogues[locale];
}
