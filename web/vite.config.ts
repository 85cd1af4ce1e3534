import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The server mounts the app at GENUI_FRONTEND_APP_PATH and writes a <base> tag into
// index.html, so every asset URL is relative to it.
export default defineConfig({
  base: "./",
  plugins: [react()],
  build: { outDir: "dist", chunkSizeWarningLimit: 1500 },
  server: { proxy: { "/api": "http://127.0.0.1:8000" } },
  test: {
    environment: "jsdom",
    globals: true,
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test-setup.ts"],
  },
});
