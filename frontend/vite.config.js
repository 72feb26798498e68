import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { defineConfig } from "vite";

// The API docs (/docs, /redoc) run from these pinned npm packages, copied into dist/api-docs/
// at build time, so they work with no network at all.
const API_DOCS = [
  "node_modules/swagger-ui-dist/swagger-ui-bundle.js",
  "node_modules/swagger-ui-dist/swagger-ui.css",
  "node_modules/redoc/bundles/redoc.standalone.js",
  "src/api-docs/swagger-init.js",
];

// ReDoc's sidebar shows a logo from its CDN; offline it is an empty image instead.
const REMOTE_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";
const EMPTY_SVG = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E";

function apiDocs() {
  return {
    name: "api-docs",
    closeBundle() {
      mkdirSync("dist/api-docs", { recursive: true });
      for (const file of API_DOCS) copyFileSync(file, `dist/api-docs/${file.split("/").pop()}`);
      const redoc = "dist/api-docs/redoc.standalone.js";
      writeFileSync(redoc, readFileSync(redoc, "utf8").replaceAll(REMOTE_LOGO, EMPTY_SVG));
    },
  };
}

// The app serves dist/ itself: index.html at "/", bundles under /assets/. No CDN anywhere.
export default defineConfig({
  base: "/",
  build: { outDir: "dist", assetsDir: "assets", emptyOutDir: true, sourcemap: false },
  plugins: [apiDocs()],
  server: { proxy: { "/api": "http://127.0.0.1:8000", "/ogc": "http://127.0.0.1:8000" } },
});
