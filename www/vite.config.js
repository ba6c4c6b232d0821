import { defineConfig } from "vite";

export default defineConfig({
  // The wasm glue finds its .wasm with `new URL(..., import.meta.url)`; pre-bundling would break
  // that URL in `vite dev` (vitejs/vite#8427), so the package is left as it is.
  optimizeDeps: { exclude: ["mfa-wasm", "mfa-wasm/webauthn"] },
  build: { target: "es2022", outDir: "dist", emptyOutDir: true },
  server: { proxy: { "/api": "http://127.0.0.1:8080" } },
});
