// The app shell for a till that reloads without a network. Built by client/vite.config.ts, which puts the
// build's file list in place of PRECACHE_FILES. API calls are never answered from here.
const PRECACHE_FILES = self.__PRECACHE_FILES__;
const CACHE_NAME = `pos-shell-${self.__PRECACHE_VERSION__}`;
const INDEX_URL = '/index.html';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE_NAME)
      .then((cache) => cache.addAll([INDEX_URL, ...PRECACHE_FILES.map((file) => `/${file}`)]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('pos-shell-') && name !== CACHE_NAME)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname === '/api' || url.pathname.startsWith('/api/') || url.pathname === '/metrics') {
    return; // the network's answer, or its failure: sales and lookups must never see a cached reply
  }
  if (request.mode === 'navigate') {
    // The network first, so a deploy shows at once; the cached shell when there is no network.
    event.respondWith(
      fetch(request).catch(() =>
        caches
          .open(CACHE_NAME)
          .then((cache) => cache.match(INDEX_URL))
          .then((cached) => cached ?? Response.error()),
      ),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    // Hashed names never change content: the cached copy is the right one.
    event.respondWith(
      caches
        .open(CACHE_NAME)
        .then((cache) => cache.match(request))
        .then((cached) => cached ?? fetch(request)),
    );
  }
});
