/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

// Node's environment, typed without pulling Node's types into the browser code's tsconfig.
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};

// Tauri loads ui/dist from disk (frontendDist "../ui/dist"), so every URL must be relative.
// The window runs under a strict CSP (default-src 'self'): no CDNs, no external fonts, no inline scripts.
export default defineConfig({
  base: './',
  plugins: [svelte(), svelteTesting()],
  clearScreen: false,
  envPrefix: ['VITE_', 'TAURI_ENV_'],
  server: {
    port: 5173,
    strictPort: true,
    host: env.TAURI_DEV_HOST || '127.0.0.1',
  },
  preview: {
    port: 4173,
    strictPort: true,
    host: '127.0.0.1',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebKitGTK / WKWebView / WebView2 of supported systems all handle ES2022.
    target: ['es2022', 'chrome105', 'safari15'],
    sourcemap: Boolean(env.TAURI_ENV_DEBUG),
    minify: env.TAURI_ENV_DEBUG ? false : 'esbuild',
    // A large inlined asset would become a data: URL; keep everything as files under 'self'.
    assetsInlineLimit: 0,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
  },
});
