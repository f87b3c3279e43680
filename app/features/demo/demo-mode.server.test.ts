import { describe, expect, it } from "vitest";
import { isDemoMode } from "./demo-mode.server.ts";

describe("demo mode", () => {
  const on = { demoDatabase: true, demoData: true, databaseUrl: undefined, nodeEnv: "development" };
  it("is on only for a demo database with DEMO_DATA=on on the embedded database outside production", () => {
    expect(isDemoMode(on)).toBe(true);
    expect(isDemoMode({ ...on, nodeEnv: "test" })).toBe(true);
  });
  it("is never on otherwise", () => {
    expect(isDemoMode({ ...on, demoDatabase: false })).toBe(false);
    expect(isDemoMode({ ...on, demoData: false })).toBe(false);
    expect(isDemoMode({ ...on, databaseUrl: "postgres://db/herstel" })).toBe(false);
    expect(isDemoMode({ ...on, nodeEnv: "production" })).toBe(false);
  });
});
