/**
 * Errors of the partner API as RFC 9457 problem details (application/problem+json). Field
 * errors name each field with a code and an English explanation.
 */
export type FieldProblem = { field: string; code: string; detail: string };

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldProblem[];
};

export const PROBLEM_TYPES = {
  unauthenticated: { status: 401, title: "A valid API key is needed." },
  forbidden: { status: 403, title: "This API key does not have the scope for this call." },
  notFound: { status: 404, title: "No such referral for this organisation." },
  idempotencyConflict: {
    status: 409,
    title: "This Idempotency-Key was used before with a different body.",
  },
  badRequest: { status: 400, title: "The request is not valid." },
  validation: { status: 422, title: "The referral is not valid." },
  rateLimited: { status: 429, title: "Too many requests; try again later." },
  unsupportedMediaType: { status: 415, title: "Send the body as application/json." },
  notWithdrawable: {
    status: 409,
    title: "This referral can no longer be withdrawn (taken up, or received more than 24 hours ago).",
  },
} as const;
export type ProblemKind = keyof typeof PROBLEM_TYPES;

export function problem(kind: ProblemKind, extra: { detail?: string; errors?: FieldProblem[] } = {}): Problem {
  const { status, title } = PROBLEM_TYPES[kind];
  return { type: `/api/v1/docs#problem-${kind}`, title, status, ...extra };
}

export function problemResponse(p: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(p), {
    status: p.status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...headers },
  });
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
  });
}
