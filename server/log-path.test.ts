import { describe, expect, it } from "vitest";
import { loggedPath } from "./log-path.ts";

describe("loggedPath", () => {
  it("keeps the site's own route words and page slugs", () => {
    expect(loggedPath("/")).toBe("/");
    expect(loggedPath("/medewerkers/beheer/gebruikers")).toBe("/medewerkers/beheer/gebruikers");
    expect(loggedPath("/aanmelden/stap/rol")).toBe("/aanmelden/stap/rol");
    expect(loggedPath("/wat-is-herstelbemiddeling")).toBe("/wat-is-herstelbemiddeling");
    expect(loggedPath("/assets/entry.client-AbC12_x.js")).toBe("/assets/entry.client-AbC12_x.js");
    expect(loggedPath("/inloggen.data")).toBe("/inloggen.data");
    expect(loggedPath("/_root.data")).toBe("/_root.data");
    expect(loggedPath("/medewerkers/zaken/12.data")).toBe("/medewerkers/zaken/:id.data");
  });

  it("never writes a set-up or reset token", () => {
    const token = "Q2xhc3NpZmllZF9zZWNyZXRfdG9rZW5fMTIzNDU2Nzg5";
    expect(loggedPath(`/wachtwoord-herstellen/${token}`)).toBe("/wachtwoord-herstellen/:value");
    expect(loggedPath(`/account/activeren/${token}`)).toBe("/account/activeren/:value");
    expect(loggedPath(`/wachtwoord-herstellen/${token}.data`)).toBe("/wachtwoord-herstellen/:value.data");
    // Even a token that happens to be all lowercase letters.
    expect(loggedPath(`/account/activeren/${"a".repeat(43)}`)).toBe("/account/activeren/:value");
  });

  it("never writes the token of a questionnaire link", () => {
    const token = "Zk3x_9QmP2vR8sT1uW4yA6bC0dE5fG7hJ-kLnMoPqRs";
    expect(loggedPath(`/vragenlijst/${token}`)).toBe("/vragenlijst/:value");
    expect(loggedPath(`/vragenlijst/${token}.data`)).toBe("/vragenlijst/:value.data");
    expect(loggedPath(`/vragenlijst/${"q".repeat(43)}`)).toBe("/vragenlijst/:value");
    // The questionnaire's own pages stay readable.
    expect(loggedPath("/vragenlijst")).toBe("/vragenlijst");
    expect(loggedPath("/vragenlijst/invullen")).toBe("/vragenlijst/invullen");
    expect(loggedPath("/medewerkers/zaken/12/vragenlijsten")).toBe("/medewerkers/zaken/:id/vragenlijsten");
  });

  it("replaces numbers and anything typed", () => {
    expect(loggedPath("/medewerkers/zaken/12/bestanden/7")).toBe("/medewerkers/zaken/:id/bestanden/:id");
    expect(loggedPath("/Jan Jansen")).toBe("/:value");
    expect(loggedPath("/aanmelden/stap/%ff")).toBe("/aanmelden/stap/:value");
    expect(loggedPath("/a\r\nforged")).toBe("/:value");
  });
});
