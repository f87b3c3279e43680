import { spawnSync } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A stand-in for the neutral site of "exit this page" (a weather page), served over https on
 * loopback with a throwaway self-signed certificate. Chromium reaches it by name through host
 * resolver rules; every request it gets is recorded, so a test sees exactly when the site was
 * contacted. (Playwright's request routing does not see the targets of redirects, so it cannot
 * stand in for a site that is reached through our exit route's redirect.)
 */
export type NeutralSite = {
  /** e.g. https://weer.example.nl:43123/vandaag */
  url: string;
  /** Chromium switches that send the host name to loopback and accept the certificate. */
  chromiumArgs: string[];
  /** Paths asked for so far, in order. */
  requests: string[];
  close(): Promise<void>;
};

export const NEUTRAL_HOST = "weer.example.nl";
export const NEUTRAL_HEADING = "Het weer vandaag";
const PAGE = `<!doctype html><html lang="nl"><head><title>Het weer</title><link rel="icon" href="data:,"></head><body><main><h1>${NEUTRAL_HEADING}</h1><p>Zonnig, 18 graden.</p></main></body></html>`;

export async function startNeutralSite(): Promise<NeutralSite> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herstel-neutral-"));
  const made = spawnSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      `/CN=${NEUTRAL_HOST}`,
      "-addext",
      `subjectAltName=DNS:${NEUTRAL_HOST}`,
      "-keyout",
      path.join(dir, "key.pem"),
      "-out",
      path.join(dir, "cert.pem"),
    ],
    { encoding: "utf8" },
  );
  if (made.status !== 0) throw new Error(`openssl could not make a test certificate:\n${made.stderr}`);
  const requests: string[] = [];
  const server = https.createServer(
    { key: fs.readFileSync(path.join(dir, "key.pem")), cert: fs.readFileSync(path.join(dir, "cert.pem")) },
    (req, res) => {
      requests.push(req.url ?? "");
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
    },
  );
  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://${NEUTRAL_HOST}:${port}/vandaag`,
    chromiumArgs: [`--host-resolver-rules=MAP ${NEUTRAL_HOST} 127.0.0.1`, "--ignore-certificate-errors"],
    requests,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
