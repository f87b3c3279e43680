import { Link, type LinkProps } from "react-router";

/** A React Router link styled as an NL Design System link. */
export function AppLink({ className, ...props }: LinkProps) {
  return <Link className={["utrecht-link", "utrecht-link--html-a", className].filter(Boolean).join(" ")} {...props} />;
}
