import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { useNonce } from "../../../lib/nonce.tsx";
import { EXIT_PATH, SAFE_BROWSING_PATH } from "../safe-exit.ts";

/** The small standalone script that makes the exit quicker (public/exit-this-page.js). */
export const EXIT_SCRIPT_PATH = "/exit-this-page.js";

/**
 * "Exit this page" (after the GOV.UK Design System component): a plain link to our exit route,
 * early in the tab order, that works without JavaScript. The script adds the Shift shortcut and
 * replaces the history entry; its spoken feedback goes to the status region below.
 */
export function ExitThisPage() {
  const t = useT();
  return (
    <div
      className="herstel-exit"
      data-exit-this-page=""
      data-press-two-more={t("safeExit.shift.twoMore")}
      data-press-one-more={t("safeExit.shift.oneMore")}
      data-timed-out={t("safeExit.shift.timedOut")}
      data-leaving={t("safeExit.shift.leaving")}
    >
      <div className="herstel-container herstel-exit__bar">
        <a
          href={EXIT_PATH}
          className="utrecht-button utrecht-button--primary-action herstel-exit__button"
          rel="nofollow noreferrer"
          data-exit-this-page-link=""
        >
          {t("safeExit.button")}
        </a>
        <p className="herstel-exit__help">
          <a className="utrecht-link utrecht-link--html-a" href={SAFE_BROWSING_PATH}>
            {t("safeExit.adviceLink")}
          </a>
          <span className="herstel-exit__shortcut" data-exit-this-page-shortcut="">
            {t("safeExit.shortcut")}{" "}
          </span>
        </p>
        <div className="herstel-visually-hidden" aria-live="polite" data-exit-this-page-status="" />
      </div>
    </div>
  );
}

/** Loads the script with this response's nonce; deferred, so it never holds up the page. */
export function ExitThisPageScript() {
  return <script src={EXIT_SCRIPT_PATH} nonce={useNonce()} defer suppressHydrationWarning />;
}
