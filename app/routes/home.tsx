import { Link, useLoaderData } from "react-router";
import { contentPage } from "../features/content/content.server.ts";
import { useT } from "../lib/i18n/i18n-react.tsx";
import { requestStateContext } from "../lib/request-state.server.ts";
import { ContentHtml } from "../ui/content-html.tsx";
import { PageTitle } from "../ui/page-title.tsx";
import { Heading } from "../ui/typography.tsx";
import type { Route } from "./+types/home";

export function loader({ context }: Route.LoaderArgs) {
  const page = contentPage(context.get(requestStateContext).locale, "home");
  return { title: page?.title ?? "", description: page?.description ?? "", html: page?.html ?? "" };
}

export function meta({ loaderData }: Route.MetaArgs) {
  return loaderData ? [{ name: "description", content: loaderData.description }] : [];
}

export default function Home() {
  const { title, html } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="herstel-prose">
      <PageTitle title={t("home.title")} />
      <Heading level={1}>{title}</Heading>
      <ContentHtml html={html} />
      <p>
        {/* A button link, without the text link's classes: their focus colour put white text on the yellow focus background. */}
        <Link
          to="/aanmelden"
          className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action"
        >
          {t("home.cta")}
        </Link>
      </p>
    </div>
  );
}
