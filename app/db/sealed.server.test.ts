import { describe, expect, it } from "vitest";
import { DomainError } from "../lib/errors.ts";
import { SealedDataError } from "../lib/keys/envelope.ts";
import { SealBox } from "./sealed.server.ts";

const box = new SealBox(Buffer.alloc(32, 4));

describe("SealBox", () => {
  it("seals text, JSON and bytes bound to their column and row", () => {
    const note = box.text("case_activity.summary", 11, "Vertrouwelijk gesprek.");
    expect(box.openText("case_activity.summary", 11, note)).toBe("Vertrouwelijk gesprek.");
    const contact = box.json("case_party.contact", 3, { phone: "0612345678" });
    expect(box.openJson("case_party.contact", 3, contact)).toEqual({ phone: "0612345678" });
    const file = box.bytes("case_upload.content", 2, Uint8Array.of(0x25, 0x50, 0x44, 0x46));
    expect([...box.openBytes("case_upload.content", 2, file)]).toEqual([0x25, 0x50, 0x44, 0x46]);
  });

  it("refuses a value swapped between two rows or two columns", () => {
    const a = box.text("case_activity.summary", 11, "notitie A");
    const b = box.text("case_activity.summary", 12, "notitie B");
    expect(() => box.openText("case_activity.summary", 11, b)).toThrow(SealedDataError);
    expect(() => box.openText("case_activity.summary", 12, a)).toThrow(SealedDataError);
    expect(() => box.openText("case_message.body", 11, a)).toThrow(SealedDataError);
  });

  it("stores empty text as NULL and reads NULL back as empty", () => {
    expect(box.optionalText("case_message.body", 1, "")).toBeNull();
    expect(box.optionalText("case_message.body", 1, undefined)).toBeNull();
    expect(box.openOptionalText("case_message.body", 1, null)).toBe("");
    expect(box.openNullableText("case_message.reference", 1, null)).toBeNull();
  });

  it("opens nothing once its key is erased, with an error the page shows as 'erased'", () => {
    const sealed = box.text("case_task.title", 1, "Bellen");
    const erased = new SealBox(null);
    expect(erased.erased).toBe(true);
    expect(() => erased.openText("case_task.title", 1, sealed)).toThrow(DomainError);
    expect(() => erased.openText("case_task.title", 1, sealed)).toThrow("CONTENT_ERASED");
  });
});
