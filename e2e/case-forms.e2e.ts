import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newContext, screenshot } from "./support/browser.ts";
import {
  casePage,
  checkedScreenshot,
  type DemoServer,
  demoStaff,
  openSection,
  prepareForContact,
  SECTION,
  takeUpForBram,
  unfold,
} from "./support/case-journey.ts";
import { sharedDemoServer } from "./support/shared-demo.ts";

/**
 * Once for each form of contact: a web registration from the demo queue is taken up and assigned
 * by the intake desk, then carried by the mediator through the workflow of that form to closing;
 * the timeline shows each step. The letter exchange also uploads a scan (and has a disguised file
 * refused), the video message a video file.
 */
let server: DemoServer;
let browser: Browser;
let staff: ReturnType<typeof demoStaff>;

beforeAll(async () => {
  server = await sharedDemoServer();
  browser = await launchBrowser();
  staff = demoStaff(server, browser);
});
afterEach(async (context) => {
  // A failing journey leaves a picture of where the mediator was.
  if (context.task.result?.state === "fail") {
    const page = await staff.page("bemiddelaar@demo.herstel.example");
    await screenshot(page, `failed-${context.task.name.split(":")[0]}`);
  }
});
afterAll(async () => {
  await browser?.close();
});

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const MP4 = Buffer.concat([
  Buffer.from([0x00, 0x00, 0x00, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6d, 0x70, 0x34, 0x32]),
  Buffer.from([0x00, 0x00, 0x00, 0x00, 0x6d, 0x70, 0x34, 0x31, 0x69, 0x73, 0x6f, 0x6d]),
  Buffer.alloc(64),
]);
/** A web page with a script, named and typed as a PDF. */
const DISGUISED = Buffer.from("<!doctype html><html><body><script>alert('x')</script></body></html>");

async function openCase(reference: string): Promise<Page> {
  const page = await staff.page("bemiddelaar@demo.herstel.example");
  await page.goto(`${server.url}/medewerkers/zaken`);
  await page.getByRole("link", { name: reference, exact: true }).click();
  await page.waitForURL(/zaken\/\d+$/);
  return page;
}

/** The text of every page of the timeline (it shows a page of events at a time). */
async function wholeTimeline(page: Page): Promise<string> {
  const section = page.locator("section[aria-labelledby=timeline]");
  let text = "";
  for (let shown = 1; ; shown++) {
    text += (await section.textContent()) ?? "";
    const next = section.getByRole("link", { name: "Volgende pagina" });
    if ((await next.count()) === 0) return text;
    await next.click();
    // The next page is there once the section says so (with JavaScript the address changes first).
    await expect.poll(() => section.textContent()).toContain(`Pagina ${shown + 1} van`);
  }
}

async function closeWithContact(page: Page, timelineText: string) {
  const c = casePage(page);
  await c.advance("Afronden");
  await c.go(SECTION.closing);
  const outcome = page.locator("section[aria-labelledby=outcome] form");
  await outcome.getByLabel("Ja", { exact: true }).check();
  await c.save(outcome.getByRole("button", { name: "Uitkomst opslaan" }));
  await c.advance("Gesloten");
  await c.go(SECTION.timeline);
  const timeline = await wholeTimeline(page);
  for (const step of [
    "Zaak aangemaakt uit de aanmelding",
    "Volgende stap: Contact",
    "Volgende stap: Gesloten",
    timelineText,
  ])
    expect(timeline).toContain(step);
  await checkedScreenshot(page, "closed-after-contact");
}

const contact = (page: Page, form: string) => page.locator(`section[aria-labelledby=contact-${form}]`);

describe("each form of contact, from a web registration to closing", () => {
  it("letter exchange: a scanned letter, read, passed on, and a typed reply in the thread", async () => {
    const reference = await takeUpForBram(staff, server);
    const page = await openCase(reference);
    const c = casePage(page);
    const { me, other } = await prepareForContact(page, "Briefwisseling", "Kees Brief (demo)");
    const letters = contact(page, "letter_exchange");
    const newLetter = letters.locator("form").last();
    const party = (label: string) => label.replace(/ \((aanmelder|andere partij)\)$/, "");

    await unfold(letters);
    await newLetter.getByLabel(/^Van/).selectOption({ label: party(me) });
    await newLetter.getByLabel("Met de hand geschreven, als scan").check();
    await newLetter
      .getByLabel(/^Scan van de brief/)
      .setInputFiles({ name: "brief.pdf", mimeType: "application/pdf", buffer: DISGUISED });
    await newLetter.getByRole("button", { name: "Vastleggen" }).click();
    await expect
      .poll(() => page.locator("[role=alert]").textContent())
      .toContain("Dit soort bestand nemen we niet aan");
    await checkedScreenshot(page, "letter-refused-file");

    await newLetter
      .getByLabel(/^Scan van de brief/)
      .setInputFiles({ name: "brief van de aanmelder.pdf", mimeType: "application/pdf", buffer: PDF });
    await c.save(newLetter.getByRole("button", { name: "Vastleggen" }));
    const download = letters.getByRole("link", { name: /brief van de aanmelder\.pdf/ });
    const response = await page.request.get(new URL((await download.getAttribute("href")) ?? "", server.url).href);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-disposition"]).toMatch(/^attachment;/);
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    expect(Buffer.from(await response.body()).equals(PDF)).toBe(true);

    const first = letters.locator(".herstel-thread__item").first();
    await first.getByLabel(/^Afgesproken wijzigingen/).fill("Eén zin over de rechtszaak weggelaten, in overleg.");
    await c.save(first.getByRole("button", { name: "Gelezen vastleggen" }));
    await c.save(
      letters.locator(".herstel-thread__item").first().getByRole("button", { name: "Doorgegeven vastleggen" }),
    );

    await unfold(letters);
    await newLetter.getByLabel(/^Van/).selectOption({ label: party(other) });
    await newLetter.getByLabel(/^Antwoord op/).selectOption({ index: 1 });
    await newLetter.getByLabel("Getypt door de partij zelf").check();
    await newLetter.getByLabel(/^Tekst van de brief/).fill("Dank voor uw brief. Ik wil graag antwoorden.");
    await c.save(newLetter.getByRole("button", { name: "Vastleggen" }));
    const reply = letters.locator(".herstel-thread__item").nth(1);
    expect(await reply.textContent()).toContain("Antwoord op");
    await c.save(reply.getByRole("button", { name: "Gelezen vastleggen" }));
    await c.save(
      letters.locator(".herstel-thread__item").nth(1).getByRole("button", { name: "Doorgegeven vastleggen" }),
    );
    await expect.poll(() => letters.locator(".herstel-thread__item").nth(1).textContent()).not.toContain("nog niet");
    await checkedScreenshot(page, "letter-thread");
    await closeWithContact(page, "Doorgegeven aan de andere partij");
  });

  it("conversation: date, place and who took part, with the preparation of both parties in view", async () => {
    const page = await openCase(await takeUpForBram(staff, server));
    await prepareForContact(page, "Gesprek", "Kees Gesprek (demo)");
    const section = contact(page, "conversation");
    expect(await section.textContent()).not.toContain("nog niet");
    await unfold(section);
    const form = section.locator("form");
    await form.getByLabel(/^Plaats/).fill("Regiokantoor, spreekkamer 2");
    await form.getByLabel(/^Minuten/).fill("90");
    await casePage(page).save(form.getByRole("button", { name: "Vastleggen" }));
    await expect.poll(() => section.locator("tbody").textContent()).toContain("Regiokantoor, spreekkamer 2");
    await checkedScreenshot(page, "conversation");
    await closeWithContact(page, "Gesprek tussen de partijen");
  });

  it("shuttle mediation: each message carried, in which direction, when, with its content", async () => {
    const page = await openCase(await takeUpForBram(staff, server));
    const { other } = await prepareForContact(page, "Pendelbemiddeling", "Kees Pendel (demo)");
    await unfold(contact(page, "shuttle"));
    const form = contact(page, "shuttle").locator("form");
    await form.getByLabel(/^Van/).selectOption({ label: other.replace(/ \(andere partij\)$/, "") });
    await form.getByLabel(/^Wat de bemiddelaar overbrengt/).fill("Hij wil weten of zij weer over straat durft.");
    await casePage(page).save(form.getByRole("button", { name: "Vastleggen" }));
    await expect
      .poll(() => contact(page, "shuttle").textContent())
      .toContain("Hij wil weten of zij weer over straat durft.");
    await closeWithContact(page, "Boodschap overgebracht");
  });

  it("video message: recorded with the mediator, a video file, and the date it was watched", async () => {
    const page = await openCase(await takeUpForBram(staff, server));
    const { me } = await prepareForContact(page, "Videoboodschap", "Kees Video (demo)");
    const section = contact(page, "video_message");
    await unfold(section);
    const form = section.locator("form").last();
    await form.getByLabel(/^Van/).selectOption({ label: me.replace(/ \(aanmelder\)$/, "") });
    await form.getByLabel(/^Videobestand/).setInputFiles({ name: "boodschap.mp4", mimeType: "video/mp4", buffer: MP4 });
    await casePage(page).save(form.getByRole("button", { name: "Vastleggen" }));
    await expect.poll(() => section.getByRole("link", { name: /boodschap\.mp4/ }).count()).toBe(1);
    await casePage(page).save(section.getByRole("button", { name: "Bekeken vastleggen" }));
    await closeWithContact(page, "Doorgegeven aan de andere partij");
  });

  it("group conference: participants from both sides and their relation to the parties", async () => {
    const page = await openCase(await takeUpForBram(staff, server));
    await prepareForContact(page, "Groepsherstelbijeenkomst", "Kees Groep (demo)");
    await unfold(contact(page, "group_conference"));
    const form = contact(page, "group_conference").locator("form");
    await form.getByLabel(/^Plaats/).fill("Buurthuis De Linde");
    const row = form.locator("fieldset", { hasText: "Andere deelnemer 1" });
    await row.getByLabel(/^Naam/).fill("Wijkagent Demo");
    await row.getByLabel(/^Aan welke kant/).selectOption({ label: "geen van beide" });
    await row.getByLabel(/^Relatie/).selectOption({ label: "professional" });
    await casePage(page).save(form.getByRole("button", { name: "Vastleggen" }));
    await expect
      .poll(() => contact(page, "group_conference").locator("tbody").textContent())
      .toContain("Wijkagent Demo (professional, geen van beide)");
    await checkedScreenshot(page, "group-conference");
    await closeWithContact(page, "Groepsherstelbijeenkomst");
  });

  it("no contact: the other party declines after being approached, and the case closes with that reason", async () => {
    const page = await openCase(await takeUpForBram(staff, server));
    const c = casePage(page);
    const me = `${await c.registrantName()} (aanmelder)`;
    await c.advance("Eerste gesprek");
    await c.activity("Eerste gesprek met de aanmelder", me);
    await c.consent(me, "Verwerken van gegevens");
    await c.consent(me, "Benaderen van de andere partij");
    await c.advance("Andere partij benaderen");
    await c.go(SECTION.closing);
    const moves = page.locator("section[aria-labelledby=moves]");
    await unfold(moves);
    await moves.getByLabel(/^Reden/).selectOption({ label: "De andere partij wil geen contact" });
    await moves.getByRole("button", { name: "Sluiten zonder contact" }).click();
    await expect.poll(() => page.locator("[role=status]").textContent()).toContain("De zaak staat nu op: Gesloten");
    for (const step of [
      "Zaak aangemaakt uit de aanmelding",
      "Volgende stap: Andere partij benaderen",
      "Gesloten zonder contact",
    ]) {
      await c.go(SECTION.timeline);
      await expect.poll(() => page.textContent("section[aria-labelledby=timeline]")).toContain(step);
    }
    await c.go(SECTION.closing);
    expect(await page.textContent("main")).toContain("Zaak heropenen");
    await checkedScreenshot(page, "closed-without-contact");
  });
});

describe("contact details changed by two people at once", () => {
  it("refuses the second save, shows what is stored now, and keeps what was typed, with and without JavaScript", async () => {
    const first = await openCase(await takeUpForBram(staff, server));
    await openSection(first, SECTION.parties);
    const caseUrl = first.url();
    // The same mediator in a second window without JavaScript, opened before the first saves.
    const context = await newContext(browser, { javaScriptEnabled: false });
    await context.addCookies(await first.context().cookies());
    const second = await context.newPage();
    await second.goto(caseUrl);
    const people = (page: Page) => page.locator("section[aria-labelledby=people] details").first();
    const edit = async (page: Page, phone: string, notes: string) => {
      const details = people(page);
      if ((await details.getAttribute("open")) === null) await details.locator("summary").click();
      await details.getByLabel(/^Telefoonnummer/).fill(phone);
      await details.getByLabel(/^Afspraken over veilig contact/).fill(notes);
    };

    await edit(first, "020 111 1111", "Niet bellen voor 10.00 uur.");
    await casePage(first).save(people(first).getByRole("button", { name: "Contactgegevens opslaan" }));

    // The second window still has the old version: its save is refused, and nothing is lost.
    await edit(second, "020 222 2222", "Alleen na 18.00 uur bellen.");
    const refused = second.waitForResponse((r) => r.request().method() === "POST");
    await people(second).getByRole("button", { name: "Contactgegevens opslaan" }).click();
    expect((await refused).status()).toBe(409);
    await second.waitForLoadState("load");
    const alert = people(second).getByRole("alert");
    expect(await alert.textContent()).toContain("Iemand anders heeft deze contactgegevens intussen gewijzigd");
    expect(await alert.textContent()).toContain("020 111 1111");
    // Who and when, in Dutch and in Dutch time (not the stored ISO time).
    expect(await alert.textContent()).toMatch(
      /gewijzigd \(Bram Bemiddelaar \(demo\), \d{1,2} [a-z]+ \d{4}, \d{2}:\d{2}/,
    );
    expect(
      await people(second)
        .getByLabel(/^Telefoonnummer/)
        .inputValue(),
    ).toBe("020 222 2222");
    expect(
      await people(second)
        .getByLabel(/^Afspraken over veilig contact/)
        .inputValue(),
    ).toBe("Alleen na 18.00 uur bellen.");
    await checkedScreenshot(second, "contact-details-conflict");

    // Having seen what is stored now, saving again replaces it.
    await people(second).getByRole("button", { name: "Contactgegevens opslaan" }).click();
    await second.waitForLoadState("load");
    expect(await second.locator("[role=status]").textContent()).toContain("Vastgelegd.");
    expect(await people(second).locator("summary").textContent()).toContain("020 222 2222");

    // Now the first window (with JavaScript) is behind: the same, without a reload.
    await edit(first, "020 333 3333", "Bellen mag de hele dag.");
    const refusedAgain = first.waitForResponse((r) => r.request().method() === "POST");
    await people(first).getByRole("button", { name: "Contactgegevens opslaan" }).click();
    expect((await refusedAgain).status()).toBe(409);
    await expect.poll(() => people(first).getByRole("alert").textContent()).toContain("020 222 2222");
    expect(
      await people(first)
        .getByLabel(/^Telefoonnummer/)
        .inputValue(),
    ).toBe("020 333 3333");
    await casePage(first).save(people(first).getByRole("button", { name: "Contactgegevens opslaan" }));
    await expect.poll(() => people(first).locator("summary").textContent()).toContain("020 333 3333");
    await context.close();
  });
});
