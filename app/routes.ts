import { index, type RouteConfig, route } from "@react-router/dev/routes";

/** The URL map. Public URLs are Dutch, like the service. */
export default [
  index("routes/home.tsx"),
  route("taal", "routes/language.tsx"),
  route("aanmelden", "routes/registration-start.tsx"),
  route("aanmelden/stap/:stepId", "routes/registration-step.tsx"),
  route("aanmelden/controleren", "routes/registration-check.tsx"),
  route("aanmelden/bevestiging", "routes/registration-done.tsx"),
  route(":slug", "routes/content-page.tsx"),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
