// Build the UI into ui/dist: served by `trastienda serve` and loaded by the Tauri window.
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  // Relative asset URLs so dist/ works from any base (tauri://, http://127.0.0.1:PORT/).
  base: './',
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    // In `npm run dev`, forward API calls to a running `trastienda serve --port 8787`.
    proxy: { '/api': 'http://127.0.0.1:8787' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // No inline scripts/styles: CSP stays strict.
    assetsInlineLimit: 0,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
