/**
 * Entry point: `npm start` (after a build) or `npm run dev` (with --dev).
 * Runs directly on Node 24, which strips the TypeScript types.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { start } from "./server/start.ts";

const root = path.dirname(fileURLToPath(import.meta.url));
await start({ dev: process.argv.includes("--dev"), root });
