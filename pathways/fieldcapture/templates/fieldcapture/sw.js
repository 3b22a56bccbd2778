// Pathways' service worker for the offline form pages (/field/): it keeps the pages, ODK Web Forms' script
// and the forms the user opened, so that they open with no connection. Pages and forms: the network first
// (a changed form or choice list arrives when connected), the kept copy without one. Scripts and styles: the
// kept copy first. Nothing is sent from here: the page sends what it keeps when the browser is online.
const CACHE = 'pathways-field-{{ version|escapejs }}-1';

self.addEventListener('install', (event) => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith('pathways-field-') && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

// The page names what it loaded (itself, its form, its scripts) the first time, before it is controlled.
self.addEventListener('message', (event) => {
  const urls = (event.data && event.data.keep) || [];
  event.waitUntil(
    caches.open(CACHE).then((cache) => Promise.all(
      urls.map((url) => fetch(url, { credentials: 'same-origin' }).then((r) => (r.ok ? cache.put(url, r) : null)).catch(() => null)),
    )),
  );
});

function kept(request) {
  return caches.open(CACHE).then((cache) => cache.match(request, { ignoreVary: true }));
}

function networkFirst(request) {
  return fetch(request)
    .then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(request, copy));
      }
      return response;
    })
    .catch(() => kept(request).then((response) => response || Response.error()));
}

function keptFirst(request) {
  return kept(request).then((response) => response || networkFirst(request));
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('{{ request.path|slice:":-5"|escapejs }}forms/')) {
    event.respondWith(networkFirst(request));
  } else if (url.pathname.startsWith('/static/')) {
    event.respondWith(keptFirst(request));
  }
});
