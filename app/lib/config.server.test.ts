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
    expect(problems).toHaveLength(7);
    expect(problems.find((p) => p.startsWith("PORT "))).toMatch(/whole number.*"abc"/);
    expect(problems.find((p) => p.startsWith("DATABASE_URL "))).toMatch(/postgres:\/\//);
    expect(problems.find((p) => p.startsWith("LOG_LEVEL "))).toMatch(/one of/);
    for (const key of ["APP_SECRET", "KEK", "AUDIT_KEY"]) {
      expect(problems.find((p) => p.startsWith(`${key} `))).toMatch(
        /required when NODE_ENV=production with DATABASE_URL/,
      );
    }
    expect(problems.find((p) => p.startsWith("PUBLIC_URL "))).toMatch(/https/);
    expect((error as Error).message).not.toMatch(/at .*\.ts:\d+/);
  });

  it("needs no keys in production on the embedded database (it keeps its own in DATA_DIR/keys)", () => {
    expect(loadConfig({ NODE_ENV: "production", PUBLIC_URL: "https://herstel.example.org" }).nodeEnv).toBe(
      "production",
    );
  });

  it("accepts keys from files, and refuses a KEK that is not a 256-bit key without showing it", () => {
    const config = loadConfig({
      NODE_ENV: "production",
      PUBLIC_URL: "https://herstel.example.org",
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

  it("bounds the waiting on the database, with defaults explained in the README", () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({
      databaseStatementTimeoutMs: 5000,
      databasePoolWaitMs: 3000,
      databaseReportPoolSize: 2,
      databaseReportStatementTimeoutMs: 300_000,
      jobsPollMs: 60_000,
    });
    expect(loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: "8000" }).databaseStatementTimeoutMs).toBe(8000);
    expect(() => loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: "0" })).toThrow(
      /DATABASE_STATEMENT_TIMEOUT_MS must be at least 100 \(got "0"\)/,
    );
    expect(() => loadConfig({ DATABASE_POOL_WAIT_MS: "soon" })).toThrow(/DATABASE_POOL_WAIT_MS must be a whole number/);
  });

  it("requires an https address in production, with plain HTTP only as an explicit opt-out", () => {
    const production = { NODE_ENV: "production", APP_SECRET: "x".repeat(40) };
    expect(() => loadConfig(production)).toThrow(/PUBLIC_URL must be an https:\/\/ address/);
    expect(() => loadConfig({ ...production, PUBLIC_URL: "http://herstel.example.org" })).toThrow(/https/);
    const config = loadConfig({ ...production, PUBLIC_URL: "https://herstel.example.org" });
    expect(config.secureCookies).toBe(true);
    expect(config.allowPlainHttp).toBe(false);
    expect(
      loadConfig({ ...production, PUBLIC_URL: "https://h.example", ALLOW_PLAIN_HTTP: "local-tls-proxy" })
        .allowPlainHttp,
    ).toBe(true);
    expect(() => loadConfig({ ALLOW_PLAIN_HTTP: "yes" })).toThrow(/ALLOW_PLAIN_HTTP/);
  });

  it("trusts proxies only by hop count or address, never a forgeable 'true'", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "127.0.0.1, 10.0.0.0/8,::1" }).trustProxy).toEqual([
      "127.0.0.1",
      "10.0.0.0/8",
      "::1",
    ]);
    expect(() => loadConfig({ TRUST_PROXY: "true" })).toThrow(/forged X-Forwarded-For/);
    for (const bad of ["11", "-1", "10.0.0.0/33", "proxy.example", "1.2.3.4/8/8", "1.2.3"]) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
  });
});
