import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is static files: `vivified dev` serves console/dist, and the CDK app deploys the same
// folder to S3 behind CloudFront. It reads its API endpoint and sign-in method from /config.json at
// run time, so one build serves every environment.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // Deterministic file names are not needed: index.html is never cached and assets are hashed.
    chunkSizeWarningLimit: 600,
  },
  server: { host: '127.0.0.1', port: 5173, proxy: { '/v1': 'http://127.0.0.1:8787' } },
});
