import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const clientDir = fileURLToPath(new URL('.', import.meta.url));
const projectDir = fileURLToPath(new URL('..', import.meta.url));
const apiTarget = `http://localhost:${process.env.PORT ?? 3000}`;
const apiProxy = {
  '/api': { target: apiTarget },
  '/metrics': { target: apiTarget },
};

/**
 * Emits /sw.js: client/sw/service-worker.js with the list of this build's files (index.html and every
 * hashed asset) to precache, and a version that changes with them so a deploy replaces the old cache.
 */
function serviceWorker(): Plugin {
  const source = fileURLToPath(new URL('./sw/service-worker.js', import.meta.url));
  return {
    name: 'pos-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((file) => file.startsWith('assets/'))
        .sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      const code = readFileSync(source, 'utf8')
        .replace('self.__PRECACHE_FILES__', JSON.stringify(files))
        .replace('self.__PRECACHE_VERSION__', JSON.stringify(version));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: code });
    },
  };
}

export default defineConfig({
  root: clientDir,
  // One .env at the project root serves both sides; Vite only exposes the VITE_* values to the bundle.
  envDir: projectDir,
  plugins: [react(), serviceWorker()],
  build: {
    outDir: fileURLToPath(new URL('../dist/public', import.meta.url)),
    emptyOutDir: true,
    // Everything under assets/ carries a content hash, so the server may cache that folder for a year.
    assetsDir: 'assets',
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: apiProxy,
  },
  preview: {
    proxy: apiProxy,
  },
});
