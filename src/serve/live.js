// infrabook live reload: loaded only under `infrabook serve`.
// Listens for build events; reloads the page after a good build, shows an overlay after a failed one,
// and reconnects by itself (reloading if a build happened while it was away).
(() => {
  "use strict";
  const EVENTS = __EVENTS_URL__;
  const OVERLAY_ID = "infrabook-build-error";
  let build = null;
  let delay = 500;

  function showFailure(text) {
    let box = document.getElementById(OVERLAY_ID);
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY_ID;
      box.setAttribute("role", "alert");
      box.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:1.5rem;" +
        "background:rgba(24,24,27,.95);color:#fafafa;font:14px/1.5 ui-monospace,monospace";
      const title = document.createElement("p");
      title.style.cssText = "margin:0 0 1rem;font-weight:bold;color:#fca5a5";
      title.textContent = "Build failed: this page is the last good build. It reloads when the error is fixed.";
      const pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      const close = document.createElement("button");
      close.type = "button";
      close.textContent = "Dismiss";
      close.style.cssText = "margin-top:1rem";
      close.addEventListener("click", () => box.remove());
      box.append(title, pre, close);
      document.body.append(box);
    }
    // textContent, never innerHTML: the diagnostics are shown as text, not markup.
    box.querySelector("pre").textContent = text;
  }

  function clearFailure() {
    const box = document.getElementById(OVERLAY_ID);
    if (box) box.remove();
  }

  function connect() {
    const source = new EventSource(EVENTS);
    source.addEventListener("hello", (event) => {
      const current = JSON.parse(event.data).build;
      if (build !== null && current !== build) {
        location.reload();
        return;
      }
      build = current;
      delay = 500;
      clearFailure();
    });
    source.addEventListener("reload", () => location.reload());
    source.addEventListener("bye", () => {
      // The server is stopping (or dropped this stream): try again until one answers.
      source.close();
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 10000);
    });
    source.addEventListener("failed", (event) => showFailure(JSON.parse(event.data).diagnostics));
    source.addEventListener("error", () => {
      // The browser retries by itself unless the stream was closed for good (server stopped).
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(connect, delay);
        delay = Math.min(delay * 2, 10000);
      }
    });
  }

  connect();
})();
