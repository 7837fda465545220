import { defineConfig } from 'vitest/config';

export default defineConfig({
  build: {
    outDir: 'dist',
    target: 'es2022',
    sourcemap: false,
    // Never as data: URLs: the CSP lets the page fetch and run only what our own origin serves (the effects'
    // models, WebAssembly and scripts among them, some of them tiny).
    assetsInlineLimit: 0,
  },
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
