// Mind-Muscle service worker: caches the app shell so the app opens offline.
// Pages: network first, the cached copy when offline. Static files: cache first
// (their URLs carry a version). The API is never cached: the pages queue writes.
const CACHE = "mm-shell-{{ version }}";
const SHELL = [
  "/", "/history", "/progress", "/exercises", "/me", "/manifest.webmanifest",
{% for a in assets %}  "/static/{{ a }}?v={{ version }}",
{% endfor %}];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) cache.put(request, response.clone());
    return response;
  } catch (err) {
    const hit = (await cache.match(request)) || (await cache.match(request, { ignoreSearch: true }));
    return hit || (await cache.match("/")) || Response.error();
  }
}

async function cacheFirst(request) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) return;
  if (url.pathname.startsWith("/static/")) event.respondWith(cacheFirst(event.request));
  else event.respondWith(networkFirst(event.request));
});
