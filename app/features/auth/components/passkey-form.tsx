import type { ReactNode } from "react";
import type { MessageKey } from "../../../lib/i18n/i18n.ts";
import { useT } from "../../../lib/i18n/i18n-react.tsx";
import { useNonce } from "../../../lib/nonce.tsx";
import { CsrfField } from "../../../ui/csrf-field.tsx";

/** The small self-written script that talks to the browser's passkey support (public/passkey.js). */
export const PASSKEY_SCRIPT_PATH = "/passkey.js";

/**
 * A passkey button: hidden until public/passkey.js finds passkey support, so that a page without
 * JavaScript shows only what works without it. A plain form (not React Router's): the script
 * submits it itself with the browser's answer in "credential".
 */
export function PasskeyForm(props: {
  action: string;
  mode: "create" | "get";
  intent: string;
  label: MessageKey;
  primary?: boolean;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <>
      <form
        method="post"
        action={props.action}
        data-passkey={props.mode}
        data-passkey-busy={t("passkey.busy")}
        data-passkey-failed={t("passkey.failed")}
        hidden
        suppressHydrationWarning
      >
        <CsrfField />
        <input type="hidden" name="intent" value={props.intent} />
        <input type="hidden" name="credential" value="" />
        {props.children}
        <button
          type="submit"
          className={`utrecht-button ${props.primary ? "utrecht-button--primary-action" : "utrecht-button--secondary-action"}`}
        >
          {t(props.label)}
        </button>
        <p className="utrecht-paragraph" data-passkey-status="" role="status" />
      </form>
      <PasskeyScript />
    </>
  );
}

/** Loaded only on the pages with a passkey form; async, so React loads it on client navigation too. */
export function PasskeyScript() {
  return <script src={PASSKEY_SCRIPT_PATH} nonce={useNonce()} async suppressHydrationWarning />;
}
