import { defineConfig } from 'vite';

// The SDK alone, as the ES module the @otter/client package (sdk/package.json) publishes.
export default defineConfig({
  build: {
    outDir: 'sdk/dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: 'src/sdk/index.ts',
      formats: ['es'],
      fileName: () => 'otter-client.js',
    },
    rollupOptions: {
      // The effects' models, WebAssembly and scripts (megabytes) stay in their own packages, imported with `?url`:
      // the app's bundler copies them next to the app, so they are served from its origin (docs/effects.md).
      external: [/^@mediapipe\/selfie_segmentation\//, /^@jitsi\/rnnoise-wasm\//],
    },
  },
});
