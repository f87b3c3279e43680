import { useLoaderData } from "react-router";
import { contentPage } from "../features/content/content.server.ts";
import { ErrorCode, routeError } from "../lib/errors.ts";
import { requestStateContext } from "../lib/request-state.server.ts";
import { ContentHtml } from "../ui/content-html.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading } from "../ui/typography.tsx";
import type { Route } from "./+types/content-page";

/** The information pages, from content/pages/<language>/<slug>.md. */
export function loader({ params, context }: Route.LoaderArgs) {
  const { locale } = context.get(requestStateContext);
  const page =
    params.slug === "home" || params.slug === "aanmelden-intro" ? undefined : contentPage(locale, params.slug);
  if (!page) throw routeError(ErrorCode.NotFound);
  return { title: page.title, description: page.description, html: page.html };
}

export function meta({ loaderData }: Route.MetaArgs) {
  return loaderData ? [{ name: "description", content: loaderData.description }] : [];
}

export default function ContentPage() {
  const { title, html } = useLoaderData<typeof loader>();
  return (
    <article className="herstel-prose">
      <PageTitle title={title} />
      <Heading level={1}>{title}</Heading>
      <ContentHtml html={html} />
    </article>
  );
}
