import { ErrorCode, routeError } from "../lib/errors.ts";

/** Any URL no other route claims: the styled 404 page of the root error boundary. */
export function loader(): never {
  throw routeError(ErrorCode.NotFound);
}

export default function NotFound() {
  return null;
}
