/**
 * HTML of a content page. It comes only from our own Markdown files, rendered on the server by
 * app/features/content/content.server.ts, which escapes any HTML in them: never pass user input.
 */
export function ContentHtml({ html }: { html: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: trusted, escaped Markdown output (see above).
  return <div className="utrecht-html" dangerouslySetInnerHTML={{ __html: html }} />;
}
