// Builds the renderer into dist-web/, which both the Electron window (file://) and the dev-web host
// serve. base './' keeps asset URLs relative so the same build works from a file path.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { cspMetaPlugin } from './cspMetaPlugin';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react(), cspMetaPlugin()],
  build: {
    outDir: '../dist-web',
    emptyOutDir: true,
    // antd + ag-grid make one large vendor chunk; it is loaded from disk, never over a network.
    chunkSizeWarningLimit: 4096,
    // No source maps in the shipped bundle: staff machines do not need them and they enlarge the app.
    sourcemap: false,
  },
  server: {
    // `vite --config renderer/vite.config.ts` for hot reload, with the API answered by a running
    // dev-web host (npm run dev:web, port 5174).
    // Only POSTs are API calls: renderer/api/*.ts modules share the /api/ prefix and must be served
    // by Vite itself.
    proxy: {
      '/api/': {
        target: 'http://127.0.0.1:5174',
        bypass: (req) => (req.method === 'POST' ? undefined : req.url),
      },
    },
  },
});
