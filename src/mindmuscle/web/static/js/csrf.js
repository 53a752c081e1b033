// Multi-user mode: every state-changing request from the pages carries the CSRF token of the
// session (from <meta name="csrf-token">): fetch() calls and htmx requests alike.
(() => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  const token = meta ? meta.content : "";
  if (!token) return;
  const safe = new Set(["GET", "HEAD", "OPTIONS"]);
  const plain = window.fetch.bind(window);
  window.fetch = (input, init = {}) => {
    const method = (init.method || (input instanceof Request ? input.method : "GET")).toUpperCase();
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (!safe.has(method) && url.origin === location.origin) {
      const headers = new Headers(init.headers || (input instanceof Request ? input.headers : {}));
      headers.set("X-CSRF-Token", token);
      init = { ...init, headers };
    }
    return plain(input, init);
  };
  document.addEventListener("htmx:configRequest", (ev) => { ev.detail.headers["X-CSRF-Token"] = token; });
})();
