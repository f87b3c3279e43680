import { fileTypeFromBuffer } from "file-type";
import type { Kysely, Transaction } from "kysely";
import { withStaffActor } from "../../db/acting.server.ts";
import { caseBox, reserveIds } from "../../db/data-keys.server.ts";
import type { Database } from "../../db/schema.ts";
import type { SealBox } from "../../db/sealed.server.ts";
import { authorize } from "../auth/permissions.ts";
import type { Actor } from "../auth/roles.ts";

/**
 * Uploaded files in a case: a scanned letter or a video message. The type is decided by the
 * file's content (magic bytes, via `file-type`), never by its name or the browser's claim; only
 * the types below are taken. Files are stored in the database (ADR 0012) and served only as a
 * download after the access check (routes/staff-case-file.tsx).
 */
export const UPLOAD_KINDS = {
  scan: ["application/pdf", "image/jpeg", "image/png"],
  video: ["video/mp4", "video/webm"],
} as const;
export type UploadKind = keyof typeof UPLOAD_KINDS;

export type UploadProblem = "empty" | "too_large" | "type_not_allowed" | "quota";

export type CheckedUpload = { fileName: string; mediaType: string; bytes: Uint8Array };

/** The extension each accepted type is stored and served with. */
const EXTENSIONS: Record<string, string> = {
  "application/pdf": "pdf",
  "image/jpeg": "jpg",
  "image/png": "png",
  "video/mp4": "mp4",
  "video/webm": "webm",
};

/**
 * A file name fit to show and to send back in Content-Disposition: no path, no control
 * characters, and always the extension of the type found in the content. A PDF that is also
 * valid HTML, uploaded as `brief.html`, is kept and downloaded as `brief.pdf`.
 */
export function cleanFileName(name: string, mediaType: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}"]/gu, "")
    .trim()
    .replace(/\.[^.]{0,20}$/, "")
    .replace(/[.\s]+$/, "")
    .slice(0, 140);
  return `${cleaned || "bestand"}.${EXTENSIONS[mediaType] ?? "bin"}`;
}

/** Checks an uploaded file's size and real type. */
export async function checkUpload(
  kind: UploadKind,
  file: { name: string; bytes: Uint8Array },
  maxBytes: number,
): Promise<{ ok: true; upload: CheckedUpload } | { ok: false; problem: UploadProblem }> {
  if (file.bytes.byteLength === 0) return { ok: false, problem: "empty" };
  if (file.bytes.byteLength > maxBytes) return { ok: false, problem: "too_large" };
  const detected = await fileTypeFromBuffer(file.bytes);
  const allowed: readonly string[] = UPLOAD_KINDS[kind];
  if (!detected || !allowed.includes(detected.mime)) return { ok: false, problem: "type_not_allowed" };
  return {
    ok: true,
    upload: {
      fileName: cleanFileName(file.name, detected.mime),
      mediaType: detected.mime,
      bytes: file.bytes,
    },
  };
}

/**
 * Stores a checked upload in the case, inside the caller's transaction, when the case's quota
 * allows it: its name and bytes sealed with the case's key. Answers the new upload's id, or "quota".
 */
export async function storeUpload(
  trx: Transaction<Database>,
  box: SealBox,
  input: { caseId: number; upload: CheckedUpload; quotaBytes: number; userId: number; now: Date },
): Promise<number | "quota"> {
  // Serialise uploads per case, so that two at once cannot both squeeze under the quota.
  await trx.selectFrom("mediation_case").select("id").where("id", "=", input.caseId).forUpdate().execute();
  const used = await trx
    .selectFrom("case_upload")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("size_bytes"), eb.lit(0)).as("total"))
    .where("case_id", "=", input.caseId)
    .executeTakeFirstOrThrow();
  if (Number(used.total) + input.upload.bytes.byteLength > input.quotaBytes) return "quota";
  const [id] = (await reserveIds(trx, "case_upload", 1)) as [number];
  await trx
    .insertInto("case_upload")
    .values({
      id,
      case_id: input.caseId,
      file_name: box.text("case_upload.file_name", id, input.upload.fileName),
      media_type: input.upload.mediaType,
      size_bytes: input.upload.bytes.byteLength,
      content: box.bytes("case_upload.content", id, input.upload.bytes),
      uploaded_by: input.userId,
      uploaded_at: input.now,
    })
    .execute();
  return id;
}

/** One upload with its bytes, when the actor may see the case; undefined otherwise. */
export async function readUpload(db: Kysely<Database>, actor: Actor, caseId: number, uploadId: number) {
  authorize(actor, "case.list");
  return withStaffActor(db, actor, async (trx) => {
    const row = await trx
      .selectFrom("case_upload")
      .select(["id", "file_name", "media_type", "size_bytes", "content"])
      .where("id", "=", uploadId)
      .where("case_id", "=", caseId)
      .executeTakeFirst();
    if (!row) return undefined;
    const box = await caseBox(trx, caseId);
    return {
      ...row,
      file_name: box.openText("case_upload.file_name", row.id, row.file_name),
      content: box.openBytes("case_upload.content", row.id, row.content),
    };
  });
}
