import type { HTMLAttributes, ReactNode } from "react";

/**
 * Headings and paragraphs with the NL Design System (Utrecht) classes. We render the markup
 * ourselves instead of importing @utrecht/component-library-react, whose single bundle is not
 * tree-shakeable and would add about 60 kB (gzip) of JavaScript to every page (ADR 0004).
 */
type HeadingLevel = 1 | 2 | 3 | 4;

export function Heading({
  level,
  appearance,
  className,
  children,
  ...rest
}: HTMLAttributes<HTMLHeadingElement> & { level: HeadingLevel; appearance?: HeadingLevel; children?: ReactNode }) {
  const Tag = `h${level}` as const;
  const classes = [`utrecht-heading-${appearance ?? level}`, className].filter(Boolean).join(" ");
  return (
    <Tag className={classes} {...rest}>
      {children}
    </Tag>
  );
}

export function Paragraph({
  lead,
  small,
  className,
  children,
  ...rest
}: HTMLAttributes<HTMLParagraphElement> & { lead?: boolean; small?: boolean; children?: ReactNode }) {
  const classes = [
    "utrecht-paragraph",
    lead ? "utrecht-paragraph--lead" : "",
    small ? "utrecht-paragraph--small" : "",
    className,
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <p className={classes} {...rest}>
      {children}
    </p>
  );
}
