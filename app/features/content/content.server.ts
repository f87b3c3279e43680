import { Marked, type Tokens } from "marked";
import type { Locale } from "../../lib/i18n/i18n.ts";

/**
 * The public information pages: Markdown files in content/pages/<language>/<slug>.md that
 * anyone can edit without touching code. They are read at build time; raw HTML in them is
 * shown as text, never interpreted.
 */
const files = import.meta.glob("../../../content/pages/*/*.md", {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

export type ContentPage = {
  slug: string;
  title: string;
  description: string;
  navTitle: string;
  order: number;
  html: string;
};

const escapeHtml = (s: string) =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

const marked = new Marked({
  gfm: true,
  renderer: {
    // Content files may not carry HTML: show it as typed.
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(text);
    },
    heading({ tokens, depth }: Tokens.Heading) {
      const level = Math.min(Math.max(depth, 2), 4);
      return `<h${level} class="utrecht-heading-${level}">${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
    paragraph({ tokens }: Tokens.Paragraph) {
      return `<p class="utrecht-paragraph">${this.parser.parseInline(tokens)}</p>\n`;
    },
    link({ href, tokens }: Tokens.Link) {
      const safe = /^(\/|https:\/\/|mailto:|tel:)/.test(href) ? href : "#";
      return `<a class="utrecht-link utrecht-link--html-a" href="${escapeHtml(safe)}">${this.parser.parseInline(tokens)}</a>`;
    },
    image({ text }: Tokens.Image) {
      return escapeHtml(text);
    },
  },
});

function parse(slug: string, raw: string): ContentPage {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(raw.replace(/\r\n/g, "\n"));
  if (!match) throw new Error(`content page ${slug} has no front matter`);
  const meta = Object.fromEntries(
    (match[1] ?? "").split("\n").map((line) => {
      const i = line.indexOf(":");
      return [line.slice(0, i).trim(), line.slice(i + 1).trim()];
    }),
  );
  return {
    slug,
    title: meta.title ?? slug,
    description: meta.description ?? "",
    navTitle: meta.navTitle ?? meta.title ?? slug,
    order: Number(meta.order ?? 99),
    html: marked.parse(match[2] ?? "", { async: false }) as string,
  };
}

const pages = new Map<string, ContentPage>();
for (const [file, raw] of Object.entries(files)) {
  const m = /\/content\/pages\/(nl|en)\/([a-z0-9-]+)\.md$/.exec(file);
  if (m) pages.set(`${m[1]}/${m[2]}`, parse(m[2] as string, raw));
}

export function contentPage(locale: Locale, slug: string): ContentPage | undefined {
  return pages.get(`${locale}/${slug}`) ?? pages.get(`nl/${slug}`);
}

/** The pages in the main navigation, in their order (home and form intro excluded). */
export function navigationPages(locale: Locale): { slug: string; navTitle: string }[] {
  return [...pages.values()]
    .filter((p) => pages.get(`${locale}/${p.slug}`) === p && p.order > 0 && p.order < 99)
    .sort((a, b) => a.order - b.order)
    .map((p) => ({ slug: p.slug, navTitle: p.navTitle }));
}
