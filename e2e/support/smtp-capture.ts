import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/**
 * A local SMTP server for tests: accepts every message on 127.0.0.1 and keeps it in memory.
 * Plain SMTP only (no STARTTLS, optional AUTH), as a test mail catcher would be.
 */
export type CapturedMail = {
  /** MAIL FROM of the envelope. */
  from: string;
  /** RCPT TO addresses of the envelope. */
  to: string[];
  /** The message as received (headers and body). */
  raw: string;
  /** Header names in lower case, values unfolded (encoded-words left as they are). */
  headers: Record<string, string>;
  /** The Subject header, with RFC 2047 encoded-words decoded. */
  subject: string;
  /** The body of a single-part text message, transfer encoding undone. */
  text: string;
};

export type SmtpCapture = {
  port: number;
  /** For the app's SMTP_URL setting. */
  url: string;
  readonly messages: readonly CapturedMail[];
  /** Resolves with all messages once `predicate` holds for them; rejects after `timeoutMs`. */
  waitFor(predicate: (messages: readonly CapturedMail[]) => boolean, timeoutMs: number): Promise<CapturedMail[]>;
  /**
   * From now on, messages are received (and listed) but not yet acknowledged: the sender waits
   * for the server's answer, as with a slow server. `release()` acknowledges them and ends this.
   */
  hold(): { held(): number; release(): void };
  close(): Promise<void>;
};

export async function startSmtpCapture(): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const listeners = new Set<() => void>();
  let held: (() => void)[] | undefined;
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    size: 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const mailFrom = session.envelope.mailFrom;
        messages.push(
          parseMail(
            raw,
            mailFrom ? mailFrom.address : "",
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        for (const listener of listeners) listener();
        if (held) held.push(() => callback());
        else callback();
      });
    },
  });
  // A sender killed mid-message resets its connection: that is the sender's fault, not the test's.
  server.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(predicate, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(messages)) return false;
          listeners.delete(check);
          clearTimeout(timer);
          resolve([...messages]);
          return true;
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          const seen = messages.map((m) => `${m.to.join(",")}: ${m.subject}`).join("\n  ");
          reject(new Error(`SMTP capture: condition not met after ${timeoutMs} ms; received:\n  ${seen || "(none)"}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    hold() {
      const waiting: (() => void)[] = [];
      held = waiting;
      return {
        held: () => waiting.length,
        release() {
          held = undefined;
          for (const acknowledge of waiting.splice(0)) acknowledge();
        },
      };
    },
    close() {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export function parseMail(raw: string, from: string, to: string[]): CapturedMail {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? "" : raw.slice(split).replace(/^\r?\n\r?\n/, "");
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const encoding = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  return {
    from,
    to,
    raw,
    headers,
    subject: decodeEncodedWords(headers.subject ?? ""),
    text: decodeBody(body, encoding),
  };
}

const ENCODED_WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

/**
 * Decodes RFC 2047 encoded-words ("=?UTF-8?Q?cli=C3=ABnt?="). Whitespace between two adjacent
 * encoded-words is dropped, and their bytes are joined before decoding, because an encoder
 * may split one multi-byte character over two words.
 */
export function decodeEncodedWords(value: string): string {
  const parts: { bytes?: Buffer; charset?: string; text?: string }[] = [];
  let last = 0;
  for (const match of value.matchAll(ENCODED_WORD)) {
    const between = value.slice(last, match.index);
    const previousIsWord = parts.length > 0 && parts[parts.length - 1]?.bytes !== undefined;
    if (between !== "" && !(previousIsWord && /^\s+$/.test(between))) parts.push({ text: between });
    const [, charset = "utf-8", mode = "B", data = ""] = match;
    const bytes =
      mode.toUpperCase() === "B"
        ? Buffer.from(data, "base64")
        : Buffer.from(
            data
              .replace(/_/g, " ")
              .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            "latin1",
          );
    const previous = parts[parts.length - 1];
    if (previous?.bytes && previous.charset === charset.toLowerCase())
      previous.bytes = Buffer.concat([previous.bytes, bytes]);
    else parts.push({ bytes, charset: charset.toLowerCase() });
    last = (match.index ?? 0) + match[0].length;
  }
  if (last < value.length) parts.push({ text: value.slice(last) });
  return parts
    .map((p) =>
      p.bytes ? new TextDecoder(p.charset === "utf8" ? "utf-8" : (p.charset ?? "utf-8")).decode(p.bytes) : p.text,
    )
    .join("");
}

function decodeBody(body: string, encoding: string): string {
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") {
    const bytes = body
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}
