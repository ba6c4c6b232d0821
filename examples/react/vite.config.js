import { defineConfig } from "vite";

export default defineConfig({
  // Vite's own esbuild compiles the JSX (React's automatic runtime); add @vitejs/plugin-react
  // for Fast Refresh while developing.
  esbuild: { jsx: "automatic" },
  // The wasm glue finds its .wasm with `new URL(..., import.meta.url)`; pre-bundling would break
  // that URL in `vite dev` (vitejs/vite#8427), so the package is left as it is.
  optimizeDeps: { exclude: ["mfa-wasm"] },
  build: { target: "es2022", outDir: "dist", emptyOutDir: true },
  // `npm run dev` next to `scripts/demo.sh` (the reference server on 127.0.0.1:8080).
  server: { proxy: { "/api": "http://127.0.0.1:8080" } },
});
