import { describe, expect, it } from "vitest";
import { checkUpload, cleanFileName } from "./uploads.server.ts";

/** A PDF that is also an HTML page: browsers would run its script if it were kept as .html. */
const POLYGLOT = new TextEncoder().encode(
  "%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
);

describe("uploaded file names", () => {
  it("store a file with the extension of the type found in its content, never the one it came with", async () => {
    const checked = await checkUpload("scan", { name: "brief.html", bytes: POLYGLOT }, 1024 * 1024);
    expect(checked).toMatchObject({ ok: true, upload: { mediaType: "application/pdf", fileName: "brief.pdf" } });
  });

  it("keep the name, drop paths and control characters, and add the right extension", () => {
    expect(cleanFileName("C:\\\\scans\\\\brief van Jan.PDF", "application/pdf")).toBe("brief van Jan.pdf");
    expect(cleanFileName("../../etc/foto.jpeg", "image/jpeg")).toBe("foto.jpg");
    expect(cleanFileName("opname.webm.exe", "video/webm")).toBe("opname.webm.webm");
    expect(cleanFileName("zonder extensie", "image/png")).toBe("zonder extensie.png");
    expect(cleanFileName("\u0000\u202e.html", "application/pdf")).toBe("bestand.pdf");
    expect(cleanFileName("page.svg", "text/html")).toBe("page.bin");
  });
});
