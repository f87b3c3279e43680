import type { Config } from "@react-router/dev/config";

export default {
  appDirectory: "app",
  ssr: true,
  // Our Referrer-Policy is no-referrer, so browsers send `Origin: null` on our own form posts.
  // React Router would refuse those; our CSRF middleware (app/lib/request-state.server.ts)
  // decides instead, using Sec-Fetch-Site and a token. See docs/decisions/0006-csrf.md.
  allowedActionOrigins: ["null"],
} satisfies Config;
