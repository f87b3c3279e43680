import { journey, type Values } from "./registration-data.ts";

/**
 * Load for process tests, over plain HTTP as a browser without JavaScript would send it: people
 * going through the registration form (trying a step again after a 503, as the page suggests),
 * and staff opening pages. Every answer is recorded with its status and duration.
 */
export type Answer = {
  method: string;
  path: string;
  status: number;
  ms: number;
  retryAfter: string | null;
  body: string;
};

/**
 * A registration the app acknowledged: its form instance (idempotency key), its reference, and
 * how many 503 answers the person got after the form had started (their earlier answers were
 * kept in the draft, or sending would have been refused as incomplete).
 */
export type Acknowledged = { draftId: string; email: string; reference?: string; unavailableMidway: number };

export type LoadResult = { answers: Answer[]; acknowledged: Acknowledged[]; problems: string[] };

const REQUEST_TIMEOUT_MS = 30_000;
const RETRY_PAUSE_MS = 300;

class Visitor {
  readonly cookies = new Map<string, string>();
  csrf = "";
  unavailable = 0;
  private readonly baseUrl: string;
  private readonly headers: Record<string, string>;
  private readonly record: (answer: Answer) => void;
  constructor(baseUrl: string, headers: Record<string, string>, record: (answer: Answer) => void) {
    this.baseUrl = baseUrl;
    this.headers = headers;
    this.record = record;
  }

  async send(method: "GET" | "POST", path: string, form?: URLSearchParams, reloaded = false): Promise<Answer> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const started = performance.now();
    let res: Response;
    let body: string;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        redirect: "manual",
        headers: {
          ...this.headers,
          ...(cookie ? { cookie } : {}),
          ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        },
        body: form?.toString(),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      body = await res.text();
    } catch (error) {
      // A page whose connection broke because its instance was killed mid-answer (nginx cannot
      // hand over an answer it has begun) is loaded once more, as a person would reload it. A
      // form post is never sent twice, and a second failure counts.
      if (method === "GET" && !reloaded) return this.send(method, path, form, true);
      // No answer at all (a hang past the timeout, or a dropped connection): status 0.
      const answer = {
        method,
        path,
        status: 0,
        ms: performance.now() - started,
        retryAfter: null,
        body: String(error),
      };
      this.record(answer);
      return answer;
    }
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const [name, value] = [pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()];
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (token) this.csrf = token;
    const answer = {
      method,
      path,
      status: res.status,
      ms: performance.now() - started,
      retryAfter: res.headers.get("retry-after"),
      body,
    };
    this.record(answer);
    if (answer.status === 503) this.unavailable++;
    return answer;
  }

  /** Sends until the answer is not 503, pausing as a person reading the 503 page would. */
  async persist(
    method: "GET" | "POST",
    path: string,
    fields?: Record<string, string | string[]>,
    stop?: () => boolean,
  ) {
    for (;;) {
      const form = fields ? formOf({ _csrf: this.csrf, ...fields }) : undefined;
      const answer = await this.send(method, path, form);
      if (answer.status !== 503 || stop?.()) return answer;
      await new Promise((r) => setTimeout(r, RETRY_PAUSE_MS));
    }
  }
}

function formOf(fields: Record<string, string | string[]>): URLSearchParams {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) form.append(name, v);
  }
  return form;
}

/** The answers of a person who registers for themselves, allows e-mail and our name as sender. */
function person(n: string): Values {
  return {
    role: "victim",
    offenceCategory: "violence",
    policeReport: "yes",
    otherPartyKnown: "no",
    name: `Belasting ${n}`,
    ageGroup: "25_44",
    email: `load-${n}@example.org`,
    contactChannels: ["email"],
    voicemailAllowed: "no",
    senderNameAllowed: "yes",
    language: "nl",
    interpreterNeeded: "no",
  };
}

function stepFields(fields: Record<string, { value: string | string[] | boolean }>): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, f]) => [name, f.value === true ? "yes" : (f.value as string | string[])]),
  );
}

/** One person through the whole form; throws with a description when an answer is unexpected. */
async function register(visitor: Visitor, n: string, acknowledged: Acknowledged[]): Promise<void> {
  const expect = (answer: { status: number; path: string }, status: number) => {
    if (answer.status !== status) throw new Error(`${answer.path}: expected ${status}, got ${answer.status}`);
  };
  expect(await visitor.persist("GET", "/aanmelden"), 200);
  expect(await visitor.persist("POST", "/aanmelden", { path: "self" }), 303);
  const draftId = visitor.cookies.get("herstel_aanmelding");
  if (!draftId) throw new Error("no draft cookie after starting the form");
  const unavailableBefore = visitor.unavailable;
  for (const step of journey("self", person(n)).steps) {
    expect(await visitor.persist("POST", `/aanmelden/stap/${step.id}`, stepFields(step.fields)), 303);
  }
  const sent = await visitor.persist("POST", "/aanmelden/controleren", { privacyAgreed: "yes", website: "" });
  expect(sent, 303);
  const ack: Acknowledged = {
    draftId,
    email: `load-${n}@example.org`,
    unavailableMidway: visitor.unavailable - unavailableBefore,
  };
  acknowledged.push(ack);
  const done = await visitor.persist("GET", "/aanmelden/bevestiging");
  ack.reference = /HB-\d{4}-\d{6}/.exec(done.body)?.[0];
}

export type LoadOptions = {
  baseUrl: string;
  /** People filling in the form at the same time. */
  registrants: number;
  /** Staff pages, opened in turn by one signed-in staff member (session cookie value). */
  staff?: { sessionToken: string; paths: string[] };
};

/** Starts the load; `stop()` lets every started registration finish and returns what happened. */
export function startLoad(options: LoadOptions): { stop(): Promise<LoadResult> } {
  const answers: Answer[] = [];
  const acknowledged: Acknowledged[] = [];
  const problems: string[] = [];
  let stopping = false;
  const record = (a: Answer) => answers.push(a);
  const loops: Promise<void>[] = [];
  for (let vu = 1; vu <= options.registrants; vu++) {
    loops.push(
      (async () => {
        for (let i = 1; !stopping; i++) {
          // A new address per registration, as different people would come from (TRUST_PROXY=1).
          const visitor = new Visitor(options.baseUrl, { "x-forwarded-for": `10.20.${vu}.${i % 250}` }, record);
          await register(visitor, `${vu}-${i}`, acknowledged).catch((error: unknown) => {
            problems.push(String(error));
          });
        }
      })(),
    );
  }
  if (options.staff) {
    const { sessionToken, paths } = options.staff;
    const visitor = new Visitor(options.baseUrl, { "x-forwarded-for": "10.30.0.1" }, record);
    visitor.cookies.set("herstel_sessie", sessionToken);
    loops.push(
      (async () => {
        for (let i = 0; !stopping; i++) {
          const path = paths[i % paths.length] as string;
          const answer = await visitor.send("GET", path);
          if (answer.status !== 200 && answer.status !== 503) problems.push(`${path}: got ${answer.status}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      })(),
    );
  }
  return {
    async stop() {
      stopping = true;
      await Promise.all(loops);
      return { answers, acknowledged, problems };
    },
  };
}
