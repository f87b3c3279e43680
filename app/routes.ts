import { index, type RouteConfig, route } from "@react-router/dev/routes";

/** The URL map. Public URLs are Dutch, like the service. */
export default [
  index("routes/home.tsx"),
  route("taal", "routes/language.tsx"),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
