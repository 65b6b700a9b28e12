import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { cspMetaPlugin } from './renderer/cspMetaPlugin';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: 'main/app/index.ts' }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // The sandboxed preload must be CommonJS.
      rollupOptions: { input: { index: 'main/app/preload.ts' }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react(), cspMetaPlugin()],
    build: { outDir: 'out/renderer', rollupOptions: { input: 'renderer/index.html' } },
  },
});
