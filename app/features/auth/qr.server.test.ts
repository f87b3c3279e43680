import { describe, expect, it } from "vitest";
import { qrSvg } from "./qr.server.ts";

const URI = "otpauth://totp/Herstel:mediator%40herstel.example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Herstel";

describe("QR code as SVG", () => {
  it("is a self-contained SVG of paths in black on white", async () => {
    const svg = await qrSvg(URI);
    expect(svg.trim()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>$/s);
    expect(svg).toMatch(/viewBox="0 0 \d+ \d+"/);
    expect(svg).toContain('fill="#ffffff"');
    expect(svg).toContain('stroke="#000000"');
  });

  it("uses no element but svg and path, so nothing in it needs script or inline styles", async () => {
    const svg = await qrSvg(URI);
    const elements = new Set([...svg.matchAll(/<([A-Za-z][\w:-]*)/g)].map((m) => m[1]));
    expect([...elements].sort()).toEqual(["path", "svg"]);
    const attributes = new Set([...svg.matchAll(/\s([A-Za-z][\w:-]*)="/g)].map((m) => m[1]));
    // Presentation attributes only: a CSP without 'unsafe-inline' allows these, not style="".
    expect([...attributes].sort()).toEqual(["d", "fill", "shape-rendering", "stroke", "viewBox", "xmlns"]);
    expect(svg).not.toMatch(/<script|<style|style=|\son\w+=|javascript:|href|<foreignObject/i);
  });

  it("draws the text, never copies it: markup in the text stays out of the SVG", async () => {
    const svg = await qrSvg('otpauth://totp/Herstel:"><script>alert(1)</script>?secret=AAAA');
    expect(svg).not.toMatch(/script|alert|Herstel/i);
  });

  it("is the same for the same text and different for another", async () => {
    expect(await qrSvg(URI)).toBe(await qrSvg(URI));
    expect(await qrSvg(URI)).not.toBe(await qrSvg(`${URI}x`));
  });
});
