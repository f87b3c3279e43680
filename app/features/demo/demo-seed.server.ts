import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { seal } from "../../lib/secret-box.server.ts";
import { hashPassword } from "../auth/password.server.ts";
import type { Role } from "../auth/roles.ts";
import { newTotpSecret } from "../auth/totp.server.ts";
import { saveDraftAnswers, startDraft, submitRegistration } from "../registration/registration.commands.server.ts";
import { loadLists } from "../registration/registration.queries.server.ts";
import type { Answers } from "../registration/registration.schema.ts";

/**
 * Demo mode: a fresh embedded database gets one account per role and some clearly fictional
 * registrations, so that a newcomer sees a working system. Never in production and never on
 * PostgreSQL (the caller checks; see server/start.ts). The accounts' passwords and TOTP
 * secrets are printed at start-up with a warning.
 */
export type DemoAccount = { email: string; name: string; roles: Role[]; password: string; totpSecret: string };

const DEMO_PASSWORD = "demo alleen om te proberen";

const ACCOUNTS: Omit<DemoAccount, "password" | "totpSecret">[] = [
  { email: "aanmeldpunt@demo.herstel.example", name: "Iris Intake (demo)", roles: ["intake"] },
  { email: "bemiddelaar@demo.herstel.example", name: "Bram Bemiddelaar (demo)", roles: ["mediator"] },
  { email: "coordinator@demo.herstel.example", name: "Carla Coördinator (demo)", roles: ["coordinator"] },
  { email: "beheerder@demo.herstel.example", name: "Ada Beheerder (demo)", roles: ["administrator"] },
  { email: "onderzoeker@demo.herstel.example", name: "Ruben Onderzoeker (demo)", roles: ["researcher"] },
];

export async function seedDemoAccounts(db: Kysely<Database>, appSecret: string, now: Date): Promise<DemoAccount[]> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const regions = await db.selectFrom("region").select("id").orderBy("id").execute();
  const created: DemoAccount[] = [];
  for (const [index, account] of ACCOUNTS.entries()) {
    const totpSecret = newTotpSecret();
    const user = await db
      .insertInto("staff_user")
      .values({
        email: account.email,
        display_name: account.name,
        password_hash: passwordHash,
        totp_secret_enc: seal(appSecret, "totp", totpSecret),
        totp_confirmed_at: now,
        status: "active",
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("staff_role")
      .values(account.roles.map((role) => ({ user_id: user.id, role })))
      .execute();
    const region = regions[index % regions.length];
    if (region) await db.insertInto("staff_region").values({ user_id: user.id, region_id: region.id }).execute();
    created.push({ ...account, password: DEMO_PASSWORD, totpSecret });
  }
  return created;
}

const FIRST_NAMES = ["Noor", "Daan", "Sanne", "Mohamed", "Lotte", "Jesse", "Fatima", "Ruben", "Eva", "Youssef"];
const ROLES = ["victim", "offender", "bereaved", "victim", "offender", "relative"];
const OFFENCES = [
  "violence",
  "sexual_offence",
  "traffic",
  "property",
  "robbery",
  "threats_stalking",
  "domestic_violence",
  "homicide",
];

/** A few fictional registrations in the intake queue, received over the last weeks. */
export async function seedDemoRegistrations(db: Kysely<Database>, now: Date, count = 12): Promise<number> {
  const lists = await loadLists(db);
  for (let i = 0; i < count; i++) {
    const receivedAt = new Date(now.getTime() - (count - i) * 2.5 * 86_400_000);
    const role = ROLES[i % ROLES.length] as string;
    const answers: Answers = {
      role,
      sideOf: role === "relative" ? "victim" : undefined,
      offenceCategory: OFFENCES[i % OFFENCES.length],
      incidentDate: new Date(receivedAt.getTime() - 200 * 86_400_000).toISOString().slice(0, 10),
      incidentPlace: "Demostad",
      policeReport: i % 3 === 0 ? "unknown" : "yes",
      otherPartyKnown: i % 4 === 0 ? "partly" : "yes",
      name: `${FIRST_NAMES[i % FIRST_NAMES.length]} Voorbeeld (demo)`,
      ageGroup: "25_44",
      email: `aanmelder${i + 1}@demo.herstel.example`,
      contactChannels: ["email"],
      voicemailAllowed: "no",
      senderNameAllowed: "yes",
      hopes: "Dit is een verzonnen voorbeeld voor de demo.",
      language: "nl",
      interpreterNeeded: "no",
    };
    const id = await startDraft(db, "self", receivedAt);
    await saveDraftAnswers(db, id, answers, receivedAt);
    await submitRegistration(db, {
      draftId: id,
      locale: "nl",
      lists,
      today: receivedAt.toISOString().slice(0, 10),
      now: receivedAt,
    });
  }
  // Demo acknowledgements go nowhere: mark them sent so that no worker tries to mail them.
  await db
    .updateTable("outbox_message")
    .set({ status: "sent", sent_at: now })
    .where("recipient", "like", "%@demo.herstel.example")
    .execute();
  return count;
}

/** The start-up notice: loud, so nobody mistakes demo accounts for real ones. */
export function demoNotice(accounts: DemoAccount[], currentCode: (secret: string) => string): string {
  const lines = [
    "",
    "==================================================================",
    "  DEMO ONLY: these accounts exist only in this demo database.",
    "  Never use the embedded demo data for real cases.",
    "==================================================================",
    `  Password for every demo account: ${DEMO_PASSWORD}`,
    "  Second factor: add the TOTP secret to an authenticator app.",
    "",
    ...accounts.map(
      (a) =>
        `  ${a.roles.join(", ").padEnd(14)} ${a.email.padEnd(36)} TOTP secret ${a.totpSecret} (code now: ${currentCode(a.totpSecret)})`,
    ),
    "",
  ];
  return lines.join("\n");
}
