import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const clientDir = fileURLToPath(new URL('.', import.meta.url));
const projectDir = fileURLToPath(new URL('..', import.meta.url));
const apiTarget = `http://localhost:${process.env.PORT ?? 3000}`;
const apiProxy = {
  '/api': { target: apiTarget },
  '/metrics': { target: apiTarget },
};

export default defineConfig({
  root: clientDir,
  // One .env at the project root serves both sides; Vite only exposes the VITE_* values to the bundle.
  envDir: projectDir,
  plugins: [react()],
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
