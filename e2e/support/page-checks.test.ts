import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./browser.ts";
import { htmlErrors, startVnuService } from "./html-validator.ts";
import { pageProblems } from "./page-checks.ts";

const valid = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Goed</title></head>
<body><main><h1>Goed</h1><p>Een geldige pagina.</p></main></body></html>`;

// Deliberately broken: an attribute HTML does not know, a duplicate id, an unclosed element,
// and an image without a text alternative (axe) that is valid HTML otherwise.
const broken = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Kapot</title></head>
<body><main><h1 id="x">Kapot</h1><div id="x"><svg><path ecmeta_data_index="0" d="M0 0"/></svg>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10"></main></body></html>`;

// Valid and accessible to vnu, but with controls that cannot be read: teal text on a teal button
// (the home page's call to action once), a link whose colour is its background seen through a
// semi-transparent layer, a field with grey text on a grey field, and a button that turns white on
// yellow when it has focus. One control is fine.
const unreadable = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Onleesbaar</title>
<style>.teal{color:rgb(19,94,105);background:rgb(19,94,105);border:0;padding:8px}
.veil{background:rgba(19,94,105,0.5)} .veil a{color:rgb(137,175,180)}
.box{background:#ddd} .box input{color:#bbb;background:transparent;border:1px solid #000}
.ok{color:#fff;background:rgb(19,94,105);border:0;padding:8px}
.focus:focus{background:#ffbf47;outline:3px solid #000}</style></head>
<body><main><h1>Onleesbaar</h1><p><a class="teal" href="/aanmelden">Aanmelden</a></p>
<div class="veil"><p><a href="/x">Door een sluier</a></p></div>
<div class="box"><label for="v">Veld</label> <input id="v" value="grijs op grijs"></div>
<p><button class="ok" type="button">Leesbaar</button></p>
<p><button class="ok focus" type="button">Geel bij focus</button></p></main></body></html>`;

describe("the page checks of the e2e suite", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("find nothing on a valid, accessible page", async () => {
    expect(await pageProblems([{ name: "goed", html: valid }], { browser })).toEqual([]);
  }, 120_000);

  it("get the same Nu HTML Checker errors from its web service, as the e2e suite runs it", async () => {
    const service = await startVnuService();
    try {
      const pages = [
        { name: "goed", html: valid },
        { name: "kapot", html: broken },
      ];
      const fromService = await htmlErrors(pages, { serviceUrl: service.url });
      expect(fromService.some((p) => p.startsWith("kapot") && p.includes("ecmeta_data_index"))).toBe(true);
      expect(fromService.some((p) => p.startsWith("kapot") && p.includes("Duplicate ID"))).toBe(true);
      expect(fromService.filter((p) => p.startsWith("goed"))).toEqual([]);
      expect(fromService).toEqual(await htmlErrors(pages));
      // And through pageProblems, as page-checks.setup.ts calls it.
      const problems = await pageProblems(pages, { browser, vnuUrl: service.url });
      expect(problems.some((p) => p.startsWith("vnu: kapot") && p.includes("Unclosed element"))).toBe(true);
    } finally {
      await service.stop();
    }
  }, 120_000);

  it("name every Nu HTML Checker error and axe violation of a broken page", async () => {
    const problems = await pageProblems(
      [
        { name: "goed", html: valid },
        { name: "kapot", html: broken },
      ],
      { browser },
    );
    expect(problems.some((p) => p.startsWith("vnu: kapot") && p.includes("ecmeta_data_index"))).toBe(true);
    expect(problems.some((p) => p.startsWith("vnu: kapot") && p.includes("Duplicate ID"))).toBe(true);
    expect(problems.some((p) => p.startsWith("vnu: kapot") && p.includes("Unclosed element"))).toBe(true);
    expect(problems.some((p) => p.startsWith("axe: kapot") && p.includes("image-alt"))).toBe(true);
    expect(problems.filter((p) => p.includes("goed"))).toEqual([]);
  }, 120_000);

  it("check page after page in the same copy: a broken page after a good one is found, a good one after it passes", async () => {
    const names = ["goed-1", "goed-2", "kapot-1", "kapot-2", "goed-3", "goed-4"];
    const problems = await pageProblems(
      names.map((name) => ({ name, html: name.startsWith("goed") ? valid : broken })),
      { browser },
    );
    for (const name of ["kapot-1", "kapot-2"])
      expect(problems.some((p) => p.startsWith(`axe: ${name}`) && p.includes("image-alt"))).toBe(true);
    expect(problems.filter((p) => p.includes("goed"))).toEqual([]);
  }, 120_000);

  it("name every visible control whose text does not stand out from its background (4.5:1)", async () => {
    const problems = (await pageProblems([{ name: "onleesbaar", html: unreadable }], { browser })).filter((p) =>
      p.startsWith("contrast: onleesbaar"),
    );
    expect(problems).toHaveLength(4);
    expect(problems[0]).toContain('"Aanmelden": text rgb(19,94,105) on rgb(19,94,105), contrast 1.00:1');
    // The half-transparent teal over the white page is the link's real background.
    expect(problems[1]).toContain('"Door een sluier": text rgb(137,175,180) on rgb(137,175,180)');
    expect(problems[2]).toContain('<input id="v">: text rgb(187,187,187) on rgb(221,221,221)');
    // White on the yellow focus background: fine until it has keyboard focus.
    expect(problems[3]).toContain('"Geel bij focus" (focused): text rgb(255,255,255) on rgb(255,191,71)');
    expect(problems.join("\n")).not.toContain("Leesbaar");
  }, 120_000);
});
