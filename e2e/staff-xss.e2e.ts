import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../app/features/auth/session.server.ts";
import { FIXED_NOW, staffActor, takenUpCase } from "../app/testing/case-fixtures.ts";
import { launchBrowser, newContext, screenshot } from "./support/browser.ts";
import { type InProcessApp, startInProcessApp, Visitor } from "./support/in-process-app.ts";

/**
 * The stored-XSS corpus through the staff pages (docs/security.md 16): markup in registration
 * answers, party and person names, notes, letters and task titles, typed in through the staff
 * forms (the other party's name comes from the registration), comes back as text in Chromium
 * and runs no script.
 */
const PAYLOAD = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2">"'><svg onload=window.__xss=3>`;
const LONG_PAYLOAD = `${PAYLOAD}\n</textarea><script>window.__xss=4</script><b onmouseover=window.__xss=5>vet</b>`;
const markup = (letter: string, long = false) => `${letter} ${long ? LONG_PAYLOAD : PAYLOAD}`.slice(0, 190);

let app: InProcessApp;
let browser: Browser;
const tokens = { mediator: "", coordinator: "" };
const ids = { caseId: 0, registrationId: 0, registrantParty: 0, mediator: 0 };

beforeAll(async () => {
  app = await startInProcessApp({
    async seed(handle) {
      const db = handle.db;
      const made = await takenUpCase(db, db, {
        region: "midden",
        answers: {
          path: "self",
          role: "victim",
          name: markup("a"),
          incidentPlace: markup("b"),
          otherPartyName: markup("c"),
          hopes: markup("d", true),
          address: markup("e", true),
        },
      });
      ids.caseId = made.caseId;
      ids.registrationId = made.registrationId;
      ids.mediator = made.mediator.userId;
      const party = await db
        .selectFrom("case_party")
        .select("id")
        .where("case_id", "=", made.caseId)
        .where("role", "=", "registrant")
        .executeTakeFirstOrThrow();
      ids.registrantParty = party.id;
      const coordinator = await staffActor(db, "coordinator", { region: "midden", name: markup("z") });
      for (const [who, userId] of [
        ["mediator", made.mediator.userId],
        ["coordinator", coordinator.userId],
      ] as const) {
        await db.updateTable("staff_user").set({ totp_confirmed_at: FIXED_NOW }).where("id", "=", userId).execute();
        tokens[who] = await createSession(db, { userId, now: new Date(), userAgent: "xss", secondFactor: true });
      }
    },
  });
  browser = await launchBrowser();
  // The mediator types the corpus into the case through the staff forms, as a person would.
  const mediator = new Visitor(app.url);
  mediator.cookies.set("herstel_sessie", tokens.mediator);
  const page = `/medewerkers/zaken/${ids.caseId}`;
  await mediator.get(page);
  const today = new Date().toISOString().slice(0, 10);
  const posts: Record<string, string>[] = [
    { section: "activiteiten", intent: "activity", kind: "note", occurredOn: today, summary: markup("h", true) },
    { section: "", intent: "task-add", title: markup("i"), dueOn: today, ownerId: String(ids.mediator) },
    {
      section: "partijen",
      intent: "person",
      partyId: String(ids.registrantParty),
      relation: "supporter",
      name: markup("j"),
    },
    {
      section: "contact",
      intent: "letter",
      fromPartyId: String(ids.registrantParty),
      source: "typed_by_party",
      body: markup("k", true),
      writtenOn: today,
    },
  ];
  for (const { section, ...post } of posts) {
    // Each form posts to its section of the case (the overview is the index route).
    const to = section ? `${page}/${section}` : `${page}?index`;
    const sent = await mediator.post(to, new URLSearchParams({ _csrf: mediator.token, ...post }), {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(sent.status, post.intent).toBe(200);
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function visitAs(who: keyof typeof tokens, path: string): Promise<{ page: Page; dialogs: string[] }> {
  const context = await newContext(browser);
  await context.addCookies([{ name: "herstel_sessie", value: tokens[who], url: app.url }]);
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const response = await page.goto(`${app.url}${path}`);
  expect(response?.status(), path).toBe(200);
  await page.waitForLoadState("networkidle");
  return { page, dialogs };
}

async function expectInert(page: Page, dialogs: string[], letters: string[]) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  // Not one element from the corpus made it into the page as markup.
  expect(await page.locator("main img[src='x'], main svg[onload], main b[onmouseover]").count()).toBe(0);
  const text =
    // biome-ignore lint/performance/useDomNodeTextContent: the text as shown is the point, not the DOM's.
    (await page.locator("main").innerText()) +
    (await page
      .locator("main")
      .evaluate((m) => [...m.querySelectorAll("input, textarea")].map((e) => (e as HTMLInputElement).value).join(" ")));
  for (const letter of letters) expect(text, letter).toContain(`${letter} <script>window.__xss=1</script>`);
}

/** The case's sections and the corpus letters each shows (the header shows the registrant's name, "c"). */
const CASE_SECTIONS: [string, string[]][] = [
  ["", ["c", "i"]],
  ["/activiteiten", ["c", "h"]],
  ["/partijen", ["c", "j"]],
  ["/contact", ["c", "k"]],
];

describe("stored markup on the staff pages", () => {
  it("stays text in the case's sections (parties, people, notes, letters, tasks)", async () => {
    for (const [section, letters] of CASE_SECTIONS) {
      const { page, dialogs } = await visitAs("mediator", `/medewerkers/zaken/${ids.caseId}${section}`);
      await expectInert(page, dialogs, letters);
      await screenshot(page, `staff-xss-case${section.replaceAll("/", "-")}`);
      await page.context().close();
    }
  });

  it("stays text in the case list, found by a search on the markup", async () => {
    const { page, dialogs } = await visitAs("mediator", `/medewerkers/zaken?q=${encodeURIComponent("<script>")}`);
    await expectInert(page, dialogs, []);
    await page.context().close();
  });

  it("stays text in the task list", async () => {
    const { page, dialogs } = await visitAs("mediator", "/medewerkers/taken");
    await expectInert(page, dialogs, ["i"]);
    await page.context().close();
  });

  it("stays text on the registration page and the case page as the coordinator sees them", async () => {
    const registration = await visitAs("coordinator", `/medewerkers/aanmeldingen/${ids.registrationId}`);
    await expectInert(registration.page, registration.dialogs, ["a", "b", "c", "d", "e"]);
    await screenshot(registration.page, "staff-xss-registration");
    await registration.page.context().close();
    for (const [section, letters] of CASE_SECTIONS) {
      const casePage = await visitAs("coordinator", `/medewerkers/zaken/${ids.caseId}${section}`);
      // As on the single case page before: the coordinator's check leaves out the tasks ("i").
      await expectInert(
        casePage.page,
        casePage.dialogs,
        letters.filter((l) => l !== "i"),
      );
      await casePage.page.context().close();
    }
  });
});
