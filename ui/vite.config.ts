import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The app is served from the binary by Tauri: relative paths, no dev server needed.
export default defineConfig({
  base: "./",
  plugins: [svelte()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    // One small bundle; no source maps in the shipped app.
    sourcemap: false,
  },
});
