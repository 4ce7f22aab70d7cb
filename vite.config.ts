// Builds the admin web app into dist/web/, which the server serves. Vite transforms TSX itself
// (the JSX runtime comes from tsconfig's "jsx": "react-jsx"), so no React plugin is needed.
// `npx vite` serves it with live reload, passing /api to a Ledgerlink server on :3000 (or $PORT).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL("./src/web/", import.meta.url)),
  base: "/",
  build: {
    outDir: fileURLToPath(new URL("./dist/web/", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: false,
  },
  server: {
    proxy: { "/api": `http://127.0.0.1:${process.env.PORT ?? 3000}` },
  },
});
