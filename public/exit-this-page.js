// "Exit this page", made quicker with JavaScript. Every public page carries a plain link to the
// exit route (/verlaten), which ends the form session and redirects to a neutral site; that works
// without this script. This script adds: the page disappears at once, the current history entry is
// replaced (so Back does not return to it), and pressing Shift three times does the same. It needs
// nothing else on the page (no framework) and holds no text: the texts come from data attributes.
(() => {
  const PRESSES = 3;
  const WINDOW_MS = 5000;
  let presses = 0;
  let timer;

  const control = () => document.querySelector("[data-exit-this-page]");
  const link = () => document.querySelector("[data-exit-this-page-link]");

  function announce(text) {
    const status = document.querySelector("[data-exit-this-page-status]");
    if (status && text) status.textContent = text;
  }

  function leave(href) {
    // Nothing of the page stays on screen while the neutral site loads.
    document.documentElement.style.visibility = "hidden";
    document.title = "";
    window.location.replace(href);
  }

  function reset() {
    presses = 0;
    clearTimeout(timer);
  }

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target.closest("[data-exit-this-page-link]") : null;
    if (!target || event.defaultPrevented || event.button !== 0) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    leave(target.href);
  });

  document.addEventListener("keydown", (event) => {
    const exit = link();
    if (!exit) return;
    if (event.key !== "Shift" || event.repeat || event.ctrlKey || event.metaKey || event.altKey) {
      if (event.key !== "Shift") reset();
      return;
    }
    presses += 1;
    clearTimeout(timer);
    const texts = control()?.dataset ?? {};
    if (presses >= PRESSES) {
      reset();
      announce(texts.leaving);
      leave(exit.href);
      return;
    }
    announce(presses === 1 ? texts.pressTwoMore : texts.pressOneMore);
    timer = setTimeout(() => {
      reset();
      announce(texts.timedOut);
    }, WINDOW_MS);
  });

  // A public page restored from the back-forward cache is asked for again: after leaving, the
  // form's pages must come from the server, which no longer has the answers.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted && link()) window.location.reload();
  });

  function showShortcutHint() {
    for (const hint of document.querySelectorAll("[data-exit-this-page-shortcut]")) hint.setAttribute("data-shown", "");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", showShortcutHint);
  else showShortcutHint();
})();
