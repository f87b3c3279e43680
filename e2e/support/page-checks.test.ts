import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./browser.ts";
import { pageProblems } from "./page-checks.ts";

const valid = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Goed</title></head>
<body><main><h1>Goed</h1><p>Een geldige pagina.</p></main></body></html>`;

// Deliberately broken: an attribute HTML does not know, a duplicate id, an unclosed element,
// and an image without a text alternative (axe) that is valid HTML otherwise.
const broken = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Kapot</title></head>
<body><main><h1 id="x">Kapot</h1><div id="x"><svg><path ecmeta_data_index="0" d="M0 0"/></svg>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10"></main></body></html>`;

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
});
