import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.server.ts";

describe("loadConfig", () => {
  it("uses sensible defaults on a bare machine", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.nodeEnv).toBe("development");
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir.endsWith("/data")).toBe(true);
    expect(config.publicUrl.origin).toBe("http://localhost:3000");
    expect(config.secureCookies).toBe(false);
    // No keys configured: they come from DATA_DIR/keys (app/lib/keys/key-store.server.ts).
    expect(config.keys).toEqual({});
    expect(config.backupKeep).toBe(7);
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: "" }).port).toBe(3000);
  });

  it("reports one readable line per problem, naming the variable", () => {
    let error: unknown;
    try {
      loadConfig({ PORT: "abc", DATABASE_URL: "mysql://x", LOG_LEVEL: "loud", NODE_ENV: "production" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(6);
    expect(problems.find((p) => p.startsWith("PORT "))).toMatch(/whole number.*"abc"/);
    expect(problems.find((p) => p.startsWith("DATABASE_URL "))).toMatch(/postgres:\/\//);
    expect(problems.find((p) => p.startsWith("LOG_LEVEL "))).toMatch(/one of/);
    for (const key of ["APP_SECRET", "KEK", "AUDIT_KEY"]) {
      expect(problems.find((p) => p.startsWith(`${key} `))).toMatch(
        /required when NODE_ENV=production with DATABASE_URL/,
      );
    }
    expect((error as Error).message).not.toMatch(/at .*\.ts:\d+/);
  });

  it("needs no keys in production on the embedded database (it keeps its own in DATA_DIR/keys)", () => {
    expect(loadConfig({ NODE_ENV: "production" }).nodeEnv).toBe("production");
  });

  it("accepts keys from files, and refuses a KEK that is not a 256-bit key without showing it", () => {
    const config = loadConfig({
      NODE_ENV: "production",
      DATABASE_URL: "postgres://h/db",
      APP_SECRET_FILE: "/run/secrets/app",
      KEK_FILE: "/run/secrets/kek",
      AUDIT_KEY_FILE: "/run/secrets/audit",
    });
    expect(config.keys).toMatchObject({ kekFile: "/run/secrets/kek", auditKeyFile: "/run/secrets/audit" });
    let message = "";
    try {
      loadConfig({ KEK: "not-a-key-s3cret" });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/KEK must be one or more 256-bit keys/);
    expect(message).not.toContain("s3cret");
  });

  it("rejects a port out of range", () => {
    expect(() => loadConfig({ PORT: "70000" })).toThrow(/PORT must be between 1 and 65535/);
  });

  it("never echoes the database password in a message", () => {
    expect(() => loadConfig({ DATABASE_URL: "postgres://u:s3cret@:bad" })).toThrow(ConfigError);
    try {
      loadConfig({ DATABASE_URL: "http://u:s3cret@host/db" });
    } catch (e) {
      expect((e as Error).message).not.toContain("s3cret");
    }
  });

  it("turns on secure cookies for an https public address", () => {
    const config = loadConfig({ PUBLIC_URL: "https://herstel.example.org", APP_SECRET: "x".repeat(40) });
    expect(config.secureCookies).toBe(true);
    expect(config.keys.appSecret).toBe("x".repeat(40));
  });
});
