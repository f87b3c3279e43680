import { isIP } from "node:net";

/**
 * TRUST_PROXY: which proxies may tell us the client's address (X-Forwarded-For) and protocol.
 * "true" (trust every hop) is refused: anyone can then forge X-Forwarded-For and so choose the
 * address that rate limits and the audit log see. Either a number of proxy hops in front of
 * Herstel, or the proxies' addresses (IPv4/IPv6, optionally as a CIDR range).
 */
export type TrustProxy = false | number | string[];

export function parseTrustProxy(
  raw: string | undefined,
): { ok: true; value: TrustProxy } | { ok: false; problem: string } {
  const value = (raw ?? "false").trim();
  if (value === "false" || value === "0") return { ok: true, value: false };
  if (/^\d{1,2}$/.test(value)) {
    const hops = Number(value);
    if (hops >= 1 && hops <= 10) return { ok: true, value: hops };
  }
  if (value === "true") {
    return {
      ok: false,
      problem:
        "TRUST_PROXY=true would trust a forged X-Forwarded-For; give the number of proxies in front of Herstel (e.g. 1) or their addresses (e.g. 127.0.0.1,10.0.0.0/8)",
    };
  }
  const entries = value.split(",").map((s) => s.trim());
  if (entries.length > 0 && entries.every(isAddressOrRange)) return { ok: true, value: entries };
  return {
    ok: false,
    problem:
      "TRUST_PROXY must be false, a number of proxy hops from 1 to 10, or a comma-separated list of proxy addresses",
  };
}

function isAddressOrRange(entry: string): boolean {
  const [address, bits, ...rest] = entry.split("/");
  if (rest.length > 0 || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}
