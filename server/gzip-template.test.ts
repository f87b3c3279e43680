import { randomBytes } from "node:crypto";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { gzipFill, gzipTemplate } from "./gzip-template.ts";

const page = (parts: string[], values: string[]) => parts.map((p, i) => p + (values[i] ?? "")).join("");

describe("gzip from a template", () => {
  it("gives a gzip body that any decompressor reads back as the filled page", () => {
    const parts = ['<!doctype html><html lang="nl"><script nonce="', '">x()</script><input value="', '"><p>einde</p>'];
    const values = ["bm9uY2U", "token-ÄÖü-€"];
    const body = gzipFill(gzipTemplate(parts), values);
    expect(body.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(zlib.gunzipSync(body).toString("utf8")).toBe(page(parts, values));
  });

  it("keeps each answer's own values apart: the same template, different values, different pages", () => {
    const template = gzipTemplate(["a", "b", "c"]);
    expect(zlib.gunzipSync(gzipFill(template, ["1", "2"])).toString()).toBe("a1b2c");
    expect(zlib.gunzipSync(gzipFill(template, ["xyz", ""])).toString()).toBe("axyzbc");
  });

  it("handles large and incompressible parts, empty parts and values longer than one stored block", () => {
    const big = "<li>Herstelbemiddeling</li>".repeat(8000);
    const noise = randomBytes(150_000).toString("base64");
    const longValue = "v".repeat(70_000);
    const parts = ["", big, noise, ""];
    const values = ["n", longValue, "t"];
    const body = gzipFill(gzipTemplate(parts), values);
    expect(zlib.gunzipSync(body).toString()).toBe(page(parts, values));
    // The fixed parts really are compressed.
    expect(body.length).toBeLessThan(Buffer.byteLength(page(parts, values)) * 0.9);
  });

  it("detects a damaged body (the CRC covers the whole page)", () => {
    const body = gzipFill(gzipTemplate(["<p>", "</p>"]), ["waarde"]);
    const damaged = Buffer.from(body);
    const at = damaged.indexOf(Buffer.from("waarde")); // stored as it is
    expect(at).toBeGreaterThan(0);
    damaged[at] = "v".charCodeAt(0); // still a valid deflate stream, but not the page that was summed
    expect(() => zlib.gunzipSync(damaged)).toThrow();
    expect(zlib.gunzipSync(body).toString()).toBe("<p>waarde</p>");
  });

  it("refuses a wrong number of values", () => {
    expect(() => gzipFill(gzipTemplate(["a", "b"]), [])).toThrow(/one value/);
  });
});
