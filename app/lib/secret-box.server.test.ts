import { describe, expect, it } from "vitest";
import { open, seal } from "./secret-box.server.ts";

const secret = "s".repeat(40);

describe("secret box", () => {
  it("opens what it sealed, and seals differently each time", () => {
    const a = seal(secret, "totp", "JBSWY3DPEHPK3PXP");
    const b = seal(secret, "totp", "JBSWY3DPEHPK3PXP");
    expect(a).not.toBe(b);
    expect(open(secret, "totp", a)).toBe("JBSWY3DPEHPK3PXP");
  });

  it("refuses a changed box, another secret or another purpose", () => {
    const box = seal(secret, "totp", "JBSWY3DPEHPK3PXP");
    const parts = box.split(".");
    const data = Buffer.from(parts[3] ?? "", "base64url");
    data[0] = (data[0] ?? 0) ^ 1;
    expect(open(secret, "totp", [parts[0], parts[1], parts[2], data.toString("base64url")].join("."))).toBeUndefined();
    expect(open("t".repeat(40), "totp", box)).toBeUndefined();
    expect(open(secret, "other", box)).toBeUndefined();
    expect(open(secret, "totp", "garbage")).toBeUndefined();
  });
});
