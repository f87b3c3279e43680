import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [reactRouter()],
  // No source maps: the client's would be served with the assets and hold every route's code.
  build: { sourcemap: false },
});
