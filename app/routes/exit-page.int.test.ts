import pino from "pino";
import { RouterContextProvider } from "react-router";
import { expect, it } from "vitest";
import { describeWithDatabase } from "../db/testing/test-database.ts";
import { saveDraftAnswers, startDraft } from "../features/registration/registration.commands.server.ts";
import { findDraft } from "../features/registration/registration.queries.server.ts";
import { DEFAULT_NEUTRAL_SITE, NEUTRAL_SITE_SETTING } from "../features/safe-exit/safe-exit.ts";
import { appContext, DatabaseProvider } from "../lib/app-context.ts";
import { loadConfig } from "../lib/config.server.ts";
import { routeContext } from "../testing/route-context.ts";
import { loader } from "./exit-page.tsx";

/**
 * The exit route: ends this browser's form session (draft and cookie) and redirects to the
 * neutral site; never fails, also without the database; a link on another site cannot end it.
 */
const now = new Date();

function exitRequest(draftId?: string, secFetchSite?: string): Request {
  const headers: Record<string, string> = {};
  if (draftId) headers.cookie = `herstel_aanmelding=${draftId}; herstel_lang=nl`;
  if (secFetchSite) headers["sec-fetch-site"] = secFetchSite;
  return new Request("http://localhost/verlaten", { headers });
}

async function leave(context: RouterContextProvider, request: Request): Promise<Response> {
  const result = await loader({
    request,
    params: {},
    context,
    url: new URL(request.url),
    pattern: "verlaten",
  } as never);
  if (!(result instanceof Response)) throw new Error("the exit route must answer with a redirect");
  return result;
}

describeWithDatabase("leaving with exit this page", (handle) => {
  async function draftWithAnswers(): Promise<string> {
    const id = await startDraft(handle().db, "self", now);
    await saveDraftAnswers(handle().db, id, { role: "victim", otherPartyName: "P. de Vries" }, now);
    return id;
  }

  it("deletes this browser's draft, removes its cookie and sends the visitor to the neutral site", async () => {
    const mine = await draftWithAnswers();
    const someoneElses = await draftWithAnswers();
    const response = await leave(routeContext(handle()), exitRequest(mine, "same-origin"));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(DEFAULT_NEUTRAL_SITE);
    expect(response.headers.get("set-cookie")).toMatch(/^herstel_aanmelding=; Path=\/; .*Max-Age=0/);
    expect(await findDraft(handle().db, mine, now)).toBeUndefined();
    // Only this browser's form ends.
    expect((await findDraft(handle().db, someoneElses, now))?.answers).toMatchObject({ role: "victim" });
  });

  it("also works for a typed address or bookmark, and for browsers that do not say where a click came from", async () => {
    for (const site of ["none", undefined]) {
      const id = await draftWithAnswers();
      const response = await leave(routeContext(handle()), exitRequest(id, site));
      expect(response.status).toBe(303);
      expect(await findDraft(handle().db, id, now), String(site)).toBeUndefined();
    }
  });

  it("goes to the address the administrators set", async () => {
    await handle()
      .db.insertInto("app_setting")
      .values({ key: NEUTRAL_SITE_SETTING, value: JSON.stringify("https://nieuws.example.nl/") })
      .execute();
    try {
      const response = await leave(routeContext(handle()), exitRequest(undefined, "same-origin"));
      expect(response.headers.get("location")).toBe("https://nieuws.example.nl/");
      // A stored value that is not a safe https address (changed in the database by hand) is not followed.
      await handle()
        .db.updateTable("app_setting")
        .set({ value: JSON.stringify("javascript:alert(1)") })
        .where("key", "=", NEUTRAL_SITE_SETTING)
        .execute();
      const unsafe = await leave(routeContext(handle()), exitRequest(undefined, "same-origin"));
      expect(unsafe.headers.get("location")).toBe(DEFAULT_NEUTRAL_SITE);
    } finally {
      await handle().db.deleteFrom("app_setting").where("key", "=", NEUTRAL_SITE_SETTING).execute();
    }
  });

  it("does not let a link on another site end someone's form: it only sends them on", async () => {
    for (const site of ["cross-site", "same-site"]) {
      const id = await draftWithAnswers();
      const response = await leave(routeContext(handle()), exitRequest(id, site));
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(DEFAULT_NEUTRAL_SITE);
      expect(response.headers.get("set-cookie")).toBeNull();
      expect(await findDraft(handle().db, id, now), site).toBeDefined();
    }
  });

  it("still leaves, to the default site and without the cookie, when the database is away", async () => {
    const logger = pino({ level: "silent" });
    const context = new RouterContextProvider();
    context.set(appContext, {
      services: {
        config: { ...loadConfig({ APP_SECRET: "t".repeat(40) }), appSecret: "t".repeat(40) },
        logger,
        database: new DatabaseProvider(),
        demo: { database: false, mode: false },
      },
      request: { requestId: "test", nonce: "n", clientAddress: "127.0.0.1", logger },
    });
    const response = await leave(context, exitRequest("0b3f6a43-93a2-4c57-9a43-6f2f0f3c1a11", "same-origin"));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(DEFAULT_NEUTRAL_SITE);
    expect(response.headers.get("set-cookie")).toMatch(/Max-Age=0/);
  });
});
