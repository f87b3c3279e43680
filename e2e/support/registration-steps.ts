import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";

/**
 * What a visitor types into the registration form, step by step, written as the visitor sees
 * it: the question as labelled on the page, the option as labelled, and the value we expect
 * to be stored (option codes, ISO dates).
 */
export type FieldFill =
  /** Text boxes and text areas (also e-mail and phone). */
  | { kind: "text"; label: string; optional?: boolean; value: string }
  | { kind: "date"; label: string; optional?: boolean; value: string }
  | { kind: "select"; label: string; optional?: boolean; option: string; value: string }
  | { kind: "radio"; label: string; optional?: boolean; option: string; value: string }
  /** Options in page order. */
  | { kind: "checkboxes"; label: string; optional?: boolean; options: string[]; value: string[] }
  | { kind: "checkbox"; label: string; value: true };

export type StepFill = { id: string; heading: string; fields: Record<string, FieldFill> };
export type JourneyData = { path: "self" | "referral"; steps: StepFill[] };
export type Answers = Record<string, string | string[] | boolean>;

const OPTIONAL = " (niet verplicht)";

/** The name a field's control (or fieldset) has on the page: optional fields say so. */
export function accessibleLabel(fill: FieldFill): string {
  return fill.kind !== "checkbox" && fill.optional ? `${fill.label}${OPTIONAL}` : fill.label;
}

function group(page: Page, fill: FieldFill): Locator {
  return page.getByRole("group", { name: accessibleLabel(fill), exact: true });
}

/** The control to type into, or for choices the option's control. */
export function control(page: Page, fill: FieldFill, option?: string): Locator {
  if (fill.kind === "radio" || fill.kind === "checkboxes") {
    return group(page, fill).getByLabel(option ?? "", { exact: true });
  }
  return page.getByLabel(accessibleLabel(fill), { exact: true });
}

/** Fills one field with the mouse-and-keyboard helpers of Playwright. */
export async function fillField(page: Page, fill: FieldFill): Promise<void> {
  switch (fill.kind) {
    case "text":
    case "date":
      await control(page, fill).fill(fill.value);
      return;
    case "select":
      await control(page, fill).selectOption({ label: fill.option });
      return;
    case "radio":
      await control(page, fill, fill.option).check();
      return;
    case "checkboxes":
      for (const option of fill.options) await control(page, fill, option).check();
      return;
    case "checkbox":
      await control(page, fill).check();
      return;
  }
}

export async function fillStep(page: Page, step: StepFill, except: string[] = []): Promise<void> {
  for (const [name, fill] of Object.entries(step.fields)) if (!except.includes(name)) await fillField(page, fill);
}

/** Expects the form to show exactly what was filled in (e.g. after a validation error). */
export async function expectFieldShows(page: Page, fill: FieldFill): Promise<void> {
  switch (fill.kind) {
    case "text":
    case "date":
    case "select":
      expect(await control(page, fill).inputValue(), fill.label).toBe(fill.value);
      return;
    case "radio":
      expect(await control(page, fill, fill.option).isChecked(), fill.label).toBe(true);
      return;
    case "checkboxes":
      for (const option of fill.options) expect(await control(page, fill, option).isChecked(), option).toBe(true);
      return;
    case "checkbox":
      expect(await control(page, fill).isChecked(), fill.label).toBe(true);
      return;
  }
}

/** Clicks the step's button and waits for the next page (or the same page with errors). */
export async function submitStep(page: Page, expectedPath: string | "error"): Promise<void> {
  const button = page.locator("main form").getByRole("button");
  await button.click();
  if (expectedPath === "error") {
    await page.locator(".herstel-error-summary").waitFor({ state: "visible", timeout: 10_000 });
  } else {
    await page.waitForURL((url) => url.pathname === expectedPath, { timeout: 10_000 });
    await page.locator("main h1").waitFor({ timeout: 10_000 });
  }
}

export async function expectHeading(page: Page, heading: string): Promise<void> {
  await expect.poll(() => page.locator("main h1").textContent(), { timeout: 10_000 }).toBe(heading);
}

/**
 * Expects the error summary (listing `errors` in page order, linking to each field), the
 * message next to each field, and "Fout:" in the title. With JavaScript the summary has focus.
 */
export async function expectErrors(page: Page, errors: Record<string, string>, js: boolean): Promise<void> {
  const summary = page.locator(".herstel-error-summary");
  await expect.poll(() => summary.isVisible(), { timeout: 10_000 }).toBe(true);
  expect(await summary.getByRole("heading").textContent()).toBe("Er is iets niet goed ingevuld");
  const links = summary.getByRole("link");
  expect(await links.allTextContents()).toEqual(Object.values(errors));
  expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")))).toEqual(
    Object.keys(errors).map((name) => `#${name}`),
  );
  for (const [name, message] of Object.entries(errors)) {
    expect(await page.locator(`[id="${name}"]`).count(), `a field with id ${name}`).toBe(1);
    expect(await page.locator(`[id="${name}-error"]`).textContent()).toBe(`Fout: ${message}`);
  }
  await expect.poll(() => page.title()).toMatch(/^Fout: /);
  if (js) {
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains("herstel-error-summary")))
      .toBe(true);
  }
}

/** The answers as the registration should store them, "path" included. */
export function expectedAnswers(journey: JourneyData): Answers {
  const answers: Answers = { path: journey.path };
  for (const step of journey.steps) for (const [name, fill] of Object.entries(step.fields)) answers[name] = fill.value;
  return answers;
}

function displayText(fill: FieldFill): string {
  switch (fill.kind) {
    case "text":
      return fill.value;
    case "date": {
      const [y, m, d] = fill.value.split("-").map(Number) as [number, number, number];
      return new Intl.DateTimeFormat("nl-NL", { dateStyle: "long", timeZone: "UTC" }).format(
        new Date(Date.UTC(y, m - 1, d)),
      );
    }
    case "select":
    case "radio":
      return fill.option;
    case "checkboxes":
      return fill.options.join(", ");
    case "checkbox":
      return "Ja";
  }
}

/** Expects every answer on the "check your answers" page, under its question, with a Wijzig link. */
export async function expectCheckPage(page: Page, journey: JourneyData): Promise<void> {
  await expectHeading(page, "Controleer uw antwoorden");
  const rows = page.locator(".herstel-summary-list__row");
  const fields = journey.steps.flatMap((s) => Object.values(s.fields));
  expect(await rows.locator("dt").allTextContents()).toEqual(expect.arrayContaining(fields.map((f) => f.label)));
  for (const step of journey.steps) {
    const section = page
      .locator("section")
      .filter({ has: page.getByRole("heading", { name: step.heading, exact: true }) });
    expect(await section.count(), step.heading).toBe(1);
    for (const fill of Object.values(step.fields)) {
      const row = section.locator(".herstel-summary-list__row").filter({
        has: page.locator("dt").getByText(fill.label, { exact: true }),
      });
      expect(await row.count(), fill.label).toBe(1);
      expect(await row.locator("dd").first().textContent(), fill.label).toBe(displayText(fill));
      expect(await row.getByRole("link", { name: `Wijzig ${fill.label}`, exact: true }).count()).toBe(1);
    }
  }
}

/** A short description of the focused element, to steer by keyboard as a sighted user would. */
export type Focused = { tag: string; id: string; name: string; type: string; text: string; checked: boolean };

export async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    const label = el?.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent : undefined;
    return {
      tag: el?.tagName.toLowerCase() ?? "",
      id: el?.id ?? "",
      name: el?.getAttribute("name") ?? "",
      type: el?.getAttribute("type") ?? "",
      text: (label ?? el?.textContent ?? "").trim(),
      checked: Boolean(el?.checked),
    };
  });
}

/** Presses Tab (or Shift+Tab) until the focused element matches; fails after `max` presses. */
export async function tabTo(
  page: Page,
  match: (f: Focused) => boolean,
  options: { backwards?: boolean; max?: number; what?: string } = {},
): Promise<Focused> {
  const max = options.max ?? 80;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(options.backwards ? "Shift+Tab" : "Tab");
    const now = await focused(page);
    if (match(now)) return now;
  }
  throw new Error(`keyboard: did not reach ${options.what ?? "the element"} within ${max} presses of Tab`);
}

/**
 * Fills one field with the keyboard only: Tab to it, then type, press Space, or use the
 * arrow keys as a keyboard user would. Fields must be filled in page order.
 */
export async function keyboardFillField(page: Page, name: string, fill: FieldFill): Promise<void> {
  const what = fill.label;
  switch (fill.kind) {
    case "text":
      await tabTo(page, (f) => f.id === name, { what });
      await page.keyboard.type(fill.value);
      return;
    case "date": {
      await tabTo(page, (f) => f.id === name, { what });
      // Type the parts in the order the field shows them (it depends on the browser's
      // language); each part moves on to the next by itself once it is complete.
      const [year = "", month = "", day = ""] = fill.value.split("-");
      const parts = { year, month, day };
      for (const segment of await dateSegmentOrder(page, name)) await page.keyboard.type(parts[segment]);
      return;
    }
    case "select":
      await tabTo(page, (f) => f.id === name, { what });
      // Type-ahead: typing the start of an option selects it, as in any native select.
      await page.keyboard.type(fill.option);
      return;
    case "radio": {
      // A radio group is one Tab stop; the arrow keys move through it and select.
      const first = await tabTo(page, (f) => f.name === name && f.type === "radio", { what });
      if (first.text === fill.option) {
        await page.keyboard.press("Space");
        return;
      }
      for (let i = 0; i < 10; i++) {
        await page.keyboard.press("ArrowDown");
        if ((await focused(page)).text === fill.option) return;
      }
      throw new Error(`keyboard: option ${fill.option} not found in ${what}`);
    }
    case "checkboxes":
      for (const option of fill.options) {
        await tabTo(page, (f) => f.name === name && f.text === option, { what: `${what}: ${option}` });
        await page.keyboard.press("Space");
      }
      return;
    case "checkbox":
      await tabTo(page, (f) => f.id === name, { what });
      await page.keyboard.press("Space");
      return;
  }
}

type CdpNode = { attributes?: string[]; children?: CdpNode[]; shadowRoots?: CdpNode[] };

/** The order of day, month and year in Chromium's date field, read from its (browser-internal) layout. */
async function dateSegmentOrder(page: Page, id: string): Promise<("day" | "month" | "year")[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send("DOM.getDocument", { depth: -1, pierce: true })) as { root: CdpNode };
    const attr = (n: CdpNode, name: string) => {
      const i = n.attributes?.indexOf(name) ?? -1;
      return i >= 0 ? n.attributes?.[i + 1] : undefined;
    };
    const find = (n: CdpNode): CdpNode | undefined => {
      if (attr(n, "id") === id && attr(n, "type") === "date") return n;
      for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) {
        const found = find(c);
        if (found) return found;
      }
      return undefined;
    };
    const order: ("day" | "month" | "year")[] = [];
    const collect = (n: CdpNode) => {
      const segment = /^-webkit-datetime-edit-(day|month|year)-field$/.exec(attr(n, "pseudo") ?? "")?.[1];
      if (segment) order.push(segment as "day" | "month" | "year");
      for (const c of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) collect(c);
    };
    const input = find(root);
    if (input) collect(input);
    if (order.length !== 3) throw new Error(`keyboard: cannot tell the layout of date field ${id}`);
    return order;
  } finally {
    await cdp.detach();
  }
}
