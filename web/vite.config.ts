import { defineConfig } from 'vitest/config';

// The console talks to the Chancery server under /api. In development Vite proxies /api (HTTP and the
// /api/v1/events WebSocket) to CHANCERY_API, http://127.0.0.1:8080 by default. In production the server serves
// dist/ itself under a strict CSP, so the build emits no inline scripts or styles.
const apiTarget = process.env.CHANCERY_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
    // The world map data is a separate chunk loaded by the directory screen only; the finer atlas of the alert maps
    // (Natural Earth 1:50m, about 760 kB, 233 kB gzipped) is one too, loaded by those maps only.
    chunkSizeWarningLimit: 800,
    modulePreload: { polyfill: false },
    rollupOptions: {
      onwarn(warning, warn) {
        // react-router marks its module "use client" for server components; meaningless in a browser bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    port: Number(process.env.CHANCERY_WEB_PORT ?? 5173),
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false, ws: true },
      '/healthz': { target: apiTarget },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
