// Passkeys (WebAuthn) for the sign-in and account pages that offer them (ADR 0029). Such a page
// has a form with data-passkey="create" (make a passkey) or data-passkey="get" (sign in with
// one), hidden until this script finds that the browser can do passkeys; everything else on
// the page works without this script (e-mail link and code, or password and code).
//
// On submit the script asks the form's own action for options (intent "…-options", answered
// as JSON), lets the browser make or use the passkey, puts the browser's answer as JSON in the
// form's "credential" field and submits the form for real (intent as in the form). Texts come
// from data attributes; the script holds none. No framework, no third-party code.
(() => {
  if (window.herstelPasskeys) return;
  window.herstelPasskeys = true;
  const supported = typeof window.PublicKeyCredential === "function" && navigator.credentials;

  const toBytes = (text) => {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "===".slice((base64.length + 3) % 4);
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  };
  const toText = (buffer) => {
    let binary = "";
    for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };
  const withIds = (list) => (list || []).map((c) => ({ ...c, id: toBytes(c.id) }));

  function creationOptions(json) {
    return {
      ...json,
      challenge: toBytes(json.challenge),
      user: { ...json.user, id: toBytes(json.user.id) },
      excludeCredentials: withIds(json.excludeCredentials),
    };
  }

  function requestOptions(json) {
    return { ...json, challenge: toBytes(json.challenge), allowCredentials: withIds(json.allowCredentials) };
  }

  function answerOf(credential) {
    const r = credential.response;
    const response = { clientDataJSON: toText(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toText(r.attestationObject);
      response.transports = typeof r.getTransports === "function" ? r.getTransports() : [];
    } else {
      response.authenticatorData = toText(r.authenticatorData);
      response.signature = toText(r.signature);
      if (r.userHandle) response.userHandle = toText(r.userHandle);
    }
    return { id: credential.id, rawId: toText(credential.rawId), type: credential.type, response };
  }

  function say(form, key) {
    const status = form.querySelector("[data-passkey-status]");
    if (status) status.textContent = form.getAttribute(key) || "";
  }

  async function run(form) {
    const mode = form.getAttribute("data-passkey");
    const body = new FormData(form);
    body.set("intent", `${form.elements.intent.value}-options`);
    say(form, "data-passkey-busy");
    const res = await fetch(form.action, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!res.ok) throw new Error(`options ${res.status}`);
    const options = await res.json();
    const credential =
      mode === "create"
        ? await navigator.credentials.create({ publicKey: creationOptions(options) })
        : await navigator.credentials.get({ publicKey: requestOptions(options) });
    if (!credential) throw new Error("no credential");
    form.elements.credential.value = JSON.stringify(answerOf(credential));
    form.submit();
  }

  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-passkey")) return;
      event.preventDefault();
      if (form.getAttribute("aria-busy") === "true") return;
      form.setAttribute("aria-busy", "true");
      run(form).catch(() => {
        form.removeAttribute("aria-busy");
        say(form, "data-passkey-failed");
      });
    },
    true,
  );

  const reveal = () => {
    for (const form of document.querySelectorAll("form[data-passkey][hidden]")) form.hidden = false;
  };
  if (!supported) return;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", reveal);
  else reveal();
  new MutationObserver(reveal).observe(document.documentElement, { childList: true, subtree: true });
})();
