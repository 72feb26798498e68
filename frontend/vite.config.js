import { defineConfig } from "vite";

// The app serves dist/ itself: index.html at "/", bundles under /assets/. No CDN anywhere.
export default defineConfig({
  base: "/",
  build: { outDir: "dist", assetsDir: "assets", emptyOutDir: true, sourcemap: false },
  server: { proxy: { "/api": "http://127.0.0.1:8000", "/ogc": "http://127.0.0.1:8000" } },
});
