import { describe, expect, it } from "vitest";
import { clearSessionCookie, sessionCookie } from "./session.server.ts";

/** docs/security.md 10: the session cookie is __Host-, Secure, HttpOnly and SameSite once served over https. */
describe("the session cookie", () => {
  it("is __Host-, Secure, HttpOnly, SameSite=Lax, for the whole site and without a lifetime over https", () => {
    expect(sessionCookie("t0ken", true)).toBe("__Host-herstel_sessie=t0ken; Path=/; SameSite=Lax; HttpOnly; Secure");
  });

  it("keeps HttpOnly and SameSite on plain http (development), where __Host- is not allowed", () => {
    expect(sessionCookie("t0ken", false)).toBe("herstel_sessie=t0ken; Path=/; SameSite=Lax; HttpOnly");
  });

  it("is cleared with the same name and attributes", () => {
    expect(clearSessionCookie(true)).toBe("__Host-herstel_sessie=; Path=/; SameSite=Lax; HttpOnly; Secure; Max-Age=0");
  });
});
