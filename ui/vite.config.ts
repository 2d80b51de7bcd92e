/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// `vite build` → dist/ (what Tauri ships; the mock backend is not in it).
// `vite build --mode mocktest` → dist-mock/ (VITE_MOCK=1 from .env.mocktest; used by the view tests).
export default defineConfig(({ mode }) => ({
  base: './',
  plugins: [svelte()],
  clearScreen: false,
  server: {
    host: '127.0.0.1',
    port: 1420,
    strictPort: true,
  },
  build: {
    outDir: mode === 'mocktest' ? 'dist-mock' : 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 300,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
}));
