import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import { firstLoad } from "./scripts/first-load";

// The server mounts the app at GENUI_FRONTEND_APP_PATH and writes a <base> tag into
// index.html, so every asset URL is relative to it.
export default defineConfig({
  base: "./",
  plugins: [react(), firstLoad()],
  // The structure editor (Ketcher) keeps state on Node's `global`, which browsers call
  // `globalThis`, and a Node polyfill it bundles reads `process.env` as it loads: an empty one,
  // which production builds define anyway, lets `npm run dev` load it too.
  define: { global: "globalThis", "process.env": "{}" },
  // The structure editor is one lazy chunk of 7.6 MB (Ketcher), fetched only when opened.
  build: { outDir: "dist", chunkSizeWarningLimit: 8000 },
  server: { proxy: { "/api": "http://127.0.0.1:8000" } },
  test: {
    environment: "jsdom",
    globals: true,
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test-setup.ts"],
  },
});
