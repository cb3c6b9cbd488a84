import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type Rolldown } from 'vite';

const clientDir = fileURLToPath(new URL('.', import.meta.url));
const projectDir = fileURLToPath(new URL('..', import.meta.url));
const apiTarget = `http://localhost:${process.env.PORT ?? 3000}`;
const apiProxy = {
  '/api': { target: apiTarget },
  '/metrics': { target: apiTarget },
};

// The back office's lazy routes: a till never opens them offline, so they stay out of its precache.
const BACK_OFFICE_MODULE =
  /\/client\/src\/(features\/(dashboard|reports|inventory|catalog|customers|admin)\/|app\/routes\/(BackOfficeRoute|DashboardRoute|AdminRoute)\.tsx$)/;

/**
 * The till's files: every chunk reachable from the entry without passing through a back-office route, with
 * their CSS, plus the images and fonts. A back-office chunk that the till also imports is kept.
 */
function tillFiles(bundle: Rolldown.OutputBundle): string[] {
  const keep = new Set<string>();
  const visited = new Set<string>();
  const visit = (fileName: string) => {
    const item = bundle[fileName];
    if (item === undefined || visited.has(fileName)) {
      return;
    }
    visited.add(fileName);
    if (item.type !== 'chunk') {
      keep.add(fileName);
      return;
    }
    // A chunk of CSS alone is emitted as an empty .js that Vite deletes after this hook: keep only its CSS.
    if (!item.moduleIds.every((id) => /\.css($|\?)/.test(id))) {
      keep.add(fileName);
    }
    for (const css of item.viteMetadata?.importedCss ?? []) {
      keep.add(css);
    }
    for (const imported of item.imports) {
      visit(imported);
    }
    for (const dynamic of item.dynamicImports) {
      const target = bundle[dynamic];
      const isBackOffice =
        target?.type === 'chunk' &&
        target.facadeModuleId !== null &&
        BACK_OFFICE_MODULE.test(target.facadeModuleId);
      if (!isBackOffice) {
        visit(dynamic);
      }
    }
  };
  for (const [fileName, item] of Object.entries(bundle)) {
    if (item.type === 'chunk' && item.isEntry) {
      visit(fileName);
    }
  }
  return Object.keys(bundle).filter(
    (file) => file.startsWith('assets/') && (keep.has(file) || !/\.(js|css)$/.test(file)),
  );
}

/**
 * Emits /sw.js: client/sw/service-worker.js with the list of this build's files the till needs (index.html
 * and the hashed assets of tillFiles) to precache, and a version that changes with them so a deploy replaces the old cache.
 */
function serviceWorker(): Plugin {
  const source = fileURLToPath(new URL('./sw/service-worker.js', import.meta.url));
  return {
    name: 'pos-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = tillFiles(bundle).sort();
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
