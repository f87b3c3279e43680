import type { Page } from "playwright-core";
import { expect } from "vitest";
import { axeViolations, screenshot } from "./browser.ts";
import {
  control,
  expectCheckPage,
  expectErrors,
  expectFieldShows,
  expectHeading,
  type FieldFill,
  fillField,
  fillStep,
  type JourneyData,
  submitStep,
} from "./registration-steps.ts";

/** Whole journeys through the registration form, page by page, checking each page on the way. */
export const REFERENCE = /^HB-\d{4}-\d{6}$/;

export async function expectAccessible(page: Page, where: string) {
  expect(await axeViolations(page), `axe on ${where} (${page.url()})`).toEqual([]);
}

/**
 * Public pages load no React (ADR 0022): with JavaScript switched on, the browser still gets
 * plain HTML pages and forms, so the form works the same with and without it.
 */
export async function expectNoReact(page: Page) {
  const found = await page.evaluate(() => ({
    context: "__reactRouterContext" in window,
    modules: document.querySelectorAll('script[type="module"], link[rel="modulepreload"]').length,
    hydrated: Object.keys(document.querySelector("main form") ?? {}).some((key) => key.startsWith("__react")),
  }));
  expect(found, `no React on ${page.url()}`).toEqual({ context: false, modules: 0, hydrated: false });
}

export async function start(page: Page, baseUrl: string, path: "self" | "referral", js: boolean) {
  await page.goto(`${baseUrl}/aanmelden`);
  await expectHeading(page, "Aanmelden voor herstelbemiddeling");
  await expectAccessible(page, "start page");
  if (js) await expectNoReact(page);
  const option = path === "self" ? /^Voor mezelf: / : /^Voor een cliënt: /;
  await page.getByRole("group", { name: "Voor wie meldt u aan?", exact: true }).getByLabel(option).check();
  await page.getByRole("button", { name: "Begin met aanmelden" }).click();
}

export async function submitCheckPage(page: Page): Promise<string> {
  await page.getByRole("checkbox", { name: /^Ik heb de privacyverklaring gelezen/ }).check();
  await page.getByRole("button", { name: "Aanmelding versturen" }).click();
  await page.waitForURL((url) => url.pathname === "/aanmelden/bevestiging", { timeout: 10_000 });
  await expectHeading(page, "Uw aanmelding is ontvangen");
  const reference = (await page.locator("[data-testid=reference]").textContent())?.trim() ?? "";
  expect(reference).toMatch(REFERENCE);
  await expectAccessible(page, "confirmation");
  return reference;
}

export type Plan = {
  label: string;
  js: boolean;
  data: JourneyData;
  /** On this step, leave `empty` empty and type `invalid` values: the page must say what is wrong. */
  error: { step: string; empty: string[]; invalid?: Record<string, string>; messages: Record<string, string> };
  /** From the check page, change this text or date answer. */
  change: { field: string; value: string };
  privacyError?: boolean;
};

/** Walks the whole form: start, each step (one with errors), check page, one change, send. */
export async function walk(page: Page, baseUrl: string, plan: Plan): Promise<string> {
  const { js, data } = plan;
  const shot = `registration-${plan.label}`;
  await start(page, baseUrl, data.path, js);
  for (const [index, step] of data.steps.entries()) {
    await page.waitForURL((url) => url.pathname === `/aanmelden/stap/${step.id}`, { timeout: 10_000 });
    await expectHeading(page, step.heading);
    expect(await page.locator(".herstel-progress").textContent()).toBe(
      `Stap ${index + 1} van ${data.steps.length + 1}`,
    );
    await expectAccessible(page, `step ${step.id}`);
    if (step.id === plan.error.step) {
      const { empty, invalid = {}, messages } = plan.error;
      await fillStep(page, step, [...empty, ...Object.keys(invalid)]);
      for (const [name, value] of Object.entries(invalid)) {
        await control(page, step.fields[name] as FieldFill).fill(value);
      }
      await submitStep(page, "error");
      await expectErrors(page, messages, js);
      // Nothing typed is lost: the other answers, and the invalid ones as typed.
      for (const [name, fill] of Object.entries(step.fields)) {
        if (empty.includes(name)) continue;
        const shown = invalid[name];
        if (shown !== undefined) expect(await control(page, fill).inputValue()).toBe(shown);
        else await expectFieldShows(page, fill);
      }
      await expectAccessible(page, `step ${step.id} with errors`);
      await screenshot(page, `${shot}-${step.id}-errors`);
      for (const name of [...empty, ...Object.keys(invalid)]) await fillField(page, step.fields[name] as FieldFill);
    } else {
      await fillStep(page, step);
    }
    if (index === 0) await screenshot(page, `${shot}-${step.id}`);
    const next = data.steps[index + 1];
    await submitStep(page, next ? `/aanmelden/stap/${next.id}` : "/aanmelden/controleren");
  }

  await expectCheckPage(page, data);
  await expectAccessible(page, "check page");
  await screenshot(page, `${shot}-check`);

  // Change one answer from the check page, and come back to it.
  const stepOfChange = data.steps.find((s) => plan.change.field in s.fields);
  const fill = stepOfChange?.fields[plan.change.field];
  if (!stepOfChange || !fill || (fill.kind !== "text" && fill.kind !== "date")) throw new Error("bad change plan");
  await page.getByRole("link", { name: `Wijzig ${fill.label}`, exact: true }).click();
  await page.waitForURL((url) => url.pathname === `/aanmelden/stap/${stepOfChange.id}`, { timeout: 10_000 });
  expect(new URL(page.url()).searchParams.get("terug")).toBe("controle");
  await expectHeading(page, stepOfChange.heading);
  for (const f of Object.values(stepOfChange.fields)) await expectFieldShows(page, f);
  await expectAccessible(page, `step ${stepOfChange.id} from the check page`);
  fill.value = plan.change.value;
  await fillField(page, fill);
  expect(await page.locator("main form").getByRole("button").textContent()).toBe("Opslaan en terug naar het overzicht");
  await submitStep(page, "/aanmelden/controleren");
  await expectCheckPage(page, data);
  await expectAccessible(page, "check page after a change");

  if (plan.privacyError) {
    await page.getByRole("button", { name: "Aanmelding versturen" }).click();
    await expectErrors(page, { privacyAgreed: "Zet een vinkje om akkoord te gaan met de privacyverklaring." }, js);
    await expectAccessible(page, "check page without agreement");
    await screenshot(page, `${shot}-check-errors`);
  }
  const reference = await submitCheckPage(page);
  if (js) await expectNoReact(page);
  await screenshot(page, `${shot}-confirmation`);
  await page.context().close();
  return reference;
}
