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
  },
});
