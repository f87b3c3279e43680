import type { Kysely } from "kysely";
import { data, type RouterContextProvider } from "react-router";
import type { Database } from "../../db/schema.ts";
import { DomainError, ErrorCode, routeError, withDomainErrors } from "../../lib/errors.ts";
import type { Locale } from "../../lib/i18n/i18n.ts";
import { requestStateContext } from "../../lib/request-state.server.ts";
import { auditingRefusals } from "../audit/refusals.server.ts";
import { authContext, requireSession } from "../auth/auth-route.server.ts";
import { authorize, can } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";
import { caseTombstone } from "../privacy/privacy.queries.server.ts";
import { caseAccessInfo, getCase } from "./case.queries.server.ts";
import { caseMoves } from "./case-move.commands.server.ts";
import type { SectionResult } from "./case-sections.ts";

type Db = Kysely<Database>;
type Args = { params: { id?: string }; context: Readonly<RouterContextProvider> };

/** The case id in the address, or undefined when it cannot be one. */
export function caseIdParam(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

const perRequest = new WeakMap<object, Map<string, { actor: Actor; value: Promise<unknown> }>>();

/**
 * What the loaders of one request read once: the case layout and the section below it ask for
 * the same case (and the header and the overview for the same moves) at the same moment. For
 * loaders only: they run after the request's action, if any, so they never see the case as it
 * was before the action changed it; actions read for themselves.
 */
function oncePerRequest<T>(context: object, key: string, actor: Actor, read: () => Promise<T>): Promise<T> {
  let known = perRequest.get(context);
  if (!known) {
    known = new Map();
    perRequest.set(context, known);
  }
  const found = known.get(key);
  if (found?.actor === actor) return found.value as Promise<T>;
  const value = read();
  known.set(key, { actor, value });
  return value;
}

/** The case, read once for the loaders of a request. */
export const getCaseForLoaders = (context: object, db: Db, actor: Actor, id: number) =>
  oncePerRequest(context, `case:${id}`, actor, () => getCase(db, actor, id));

/** The moves a case can make now, worked out once for the loaders of a request. */
export const caseMovesForLoaders = (context: object, db: Db, actor: Actor, id: number) =>
  oncePerRequest(context, `moves:${id}`, actor, () => caseMoves(db, actor, id));

export type SectionScope = {
  db: Db;
  actor: Actor;
  userId: number;
  origin: string;
  locale: Locale;
  found: NonNullable<Awaited<ReturnType<typeof getCase>>>;
  /** The request's context: for what the loaders of one request read once. */
  context: object;
  config: ReturnType<typeof authContext>["config"];
};

/**
 * A section's loader. The case layout above it records the read and decides what someone who may
 * not see the case gets (404, the break-the-glass form, the tombstone of an erased case); a
 * section then shows nothing (null). Anyone else asking for a case they cannot see gets a 404.
 */
export async function loadSection<T>(args: Args, load: (scope: SectionScope) => Promise<T>): Promise<T | null> {
  return withDomainErrors(async () => {
    const session = requireSession(args.context);
    const { db, origin, config } = authContext(args.context);
    authorize(session.actor, "case.list");
    const id = caseIdParam(args.params.id);
    const found = id === undefined ? undefined : await getCaseForLoaders(args.context, db, session.actor, id);
    if (!found) {
      if (id === undefined) throw routeError(ErrorCode.NotFound);
      const info = await caseAccessInfo(db, id);
      const glass = info && can(session.actor, "case.break-glass", { kind: "case", regionId: info.region_id });
      if (glass || (await caseTombstone(db, session.actor, id))) return null;
      throw routeError(ErrorCode.NotFound);
    }
    const locale = args.context.get(requestStateContext).locale;
    return load({
      db,
      actor: session.actor,
      userId: session.userId,
      origin,
      locale,
      found,
      config,
      context: args.context,
    });
  });
}

/** What a section's intent handler gets: the case, who asks, the submitted form. */
export type IntentScope = {
  db: Db;
  actor: Actor;
  caseId: number;
  form: FormData;
  origin: string;
  now: Date;
  config: ReturnType<typeof authContext>["config"];
};
export type IntentHandler = (scope: IntentScope) => Promise<SectionResult>;

const STATUS: Record<SectionResult["kind"], number> = {
  saved: 200,
  moved: 200,
  fields: 400,
  problem: 400,
  missing: 400,
  conflict: 409,
  contactConflict: 409,
};

/**
 * A section's action: the form's `intent` picks one named handler of the section (an unknown
 * intent is a bad request); a refusal (not allowed, not there) is audited on its own.
 */
export async function sectionAction(
  args: Args & { request: Request },
  handlers: Readonly<Record<string, IntentHandler>>,
  fallback?: IntentHandler,
) {
  const session = requireSession(args.context);
  const { db, origin, config } = authContext(args.context);
  const who = {
    actorId: session.userId,
    action: "case.write",
    objectType: "case",
    objectId: args.params.id ?? "",
    origin,
  };
  return auditingRefusals(db, who, () =>
    withDomainErrors(async () => {
      // Every write to a case needs this; checked before the form is read (fails closed).
      authorize(session.actor, "case.move");
      const form = await args.request.formData();
      const intent = form.get("intent");
      const handler =
        typeof intent === "string" && Object.hasOwn(handlers, intent)
          ? handlers[intent]
          : intent === null
            ? fallback
            : undefined;
      if (!handler) throw routeError(ErrorCode.BadRequest);
      const scope = { db, actor: session.actor, caseId: caseIdParam(args.params.id) ?? 0, form, origin, config };
      const result = await runIntent(handler, { ...scope, now: new Date() }, String(intent ?? ""));
      return data(result, { status: STATUS[result.kind] });
    }),
  );
}

/** Runs one intent; a refusal (bad input, a state that does not allow it) becomes its answer. */
export async function runIntent(handler: IntentHandler, scope: IntentScope, intent: string): Promise<SectionResult> {
  return handler(scope).catch((error: unknown) => answerRefusal(error, intent, scope.form));
}

/**
 * Input refused per field, or a write the case's state does not allow: the form comes back
 * with what was typed (a file has to be chosen again). Anything else goes on up.
 */
function answerRefusal(error: unknown, intent: string, form: FormData): SectionResult {
  if (!(error instanceof DomainError)) throw error;
  const value = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v.slice(0, 20) : "";
  };
  // Which of several forms of the same kind on the page was sent.
  const formId = intent === "meeting" ? value("form") : value("messageId") || value("partyId");
  const values = typedValues(form);
  if (error.code === ErrorCode.InvalidInput)
    return { kind: "fields", intent, formId, fields: [...error.fields], values };
  if (error.code === ErrorCode.Refused) return { kind: "problem", problem: error.reason ?? "", intent, formId, values };
  throw error;
}

/** What was typed, to fill a form in again when it comes back (text only, never a file). */
export function typedValues(form: FormData): Record<string, string> {
  return Object.fromEntries(
    [...form.entries()].flatMap(([key, value]) =>
      typeof value === "string" && key !== "_csrf" && key !== "intent"
        ? [[key.slice(0, 60), value.slice(0, 20_000)]]
        : [],
    ),
  );
}

/** An event of the case as the timeline shows it. Moves name the step they led to; nothing else of the detail reaches the page. */
export function timelineRow(e: SectionScope["found"]["events"][number]) {
  const to = (e.detail as Record<string, unknown>).to;
  return {
    id: e.id,
    at: e.occurred_at.toISOString(),
    kind: e.kind,
    actor: e.actor,
    to: typeof to === "string" ? to : null,
  };
}
