import { describe, expect, it } from "vitest";
import { clientScripts, needsClientScripts } from "./client-scripts.ts";

describe("client scripts per page", () => {
  it("are left out unless a matched route opts in", () => {
    expect(needsClientScripts([])).toBe(false);
    expect(needsClientScripts([{ handle: undefined }, { handle: { other: true } }, { handle: null }])).toBe(false);
    expect(needsClientScripts([{ handle: { clientScripts: "yes" } }])).toBe(false);
  });

  it("are loaded when the page or a layout around it opts in", () => {
    expect(needsClientScripts([{ handle: undefined }, { handle: clientScripts }, { handle: undefined }])).toBe(true);
  });
});
