import { createHmac } from "node:crypto";
import { secretKeyOf } from "../../lib/keys/key-material.ts";

/**
 * The blind index of a registration's identifying answers (migration 0027): duplicate detection
 * (`related_registrations`) compares these tokens in the database instead of the sealed answers.
 * Each is an HMAC of the value as the earlier SQL normalised it, with a key derived from
 * APP_SECRET; names and the other party's name share one space, so "the other side of the same
 * incident" is still found.
 */
export type MatchTokens = {
  match_name: string | null;
  match_other_name: string | null;
  match_birth_date: string | null;
  match_incident_date: string | null;
  match_place: string | null;
  match_email: string | null;
  match_phone: string | null;
};

export function matchTokens(answers: Record<string, unknown>, key: Buffer): MatchTokens {
  const text = (name: string) => (typeof answers[name] === "string" ? (answers[name] as string) : "");
  const secret = secretKeyOf(key);
  const token = (kind: string, value: string) =>
    value === ""
      ? null
      : createHmac("sha256", secret).update(`${kind}:${value}`, "utf8").digest("base64url").slice(0, 32);
  const phone = text("phone").replace(/[^0-9]/g, "");
  return {
    match_name: token("name", text("name").trim().toLowerCase()),
    match_other_name: token("name", text("otherPartyName").trim().toLowerCase()),
    match_birth_date: token("date", text("dateOfBirth")),
    match_incident_date: token("incident_date", text("incidentDate")),
    match_place: token("place", text("incidentPlace").trim().toLowerCase()),
    match_email: token("email", text("email").toLowerCase()),
    match_phone: phone.length >= 6 ? token("phone", phone) : null,
  };
}
