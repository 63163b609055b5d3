// Dev-only: serves the UI in a plain browser against a mocked back end (`npm run dev:mock`); never part of the build.
import { svelte, vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'dev',
  plugins: [svelte({ configFile: false, preprocess: vitePreprocess(), compilerOptions: { runes: true } })],
  server: { port: 1421, fs: { allow: ['..'] } },
});
