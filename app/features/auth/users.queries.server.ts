import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { isRole, type Role } from "./roles.ts";

type Db = Kysely<Database>;

export async function listRegions(db: Db) {
  return db.selectFrom("region").select(["id", "code", "name"]).where("active", "=", true).orderBy("name").execute();
}

/** Staff accounts with their roles and regions, for administrators. */
export async function listUsers(db: Db) {
  const [users, roles, regions] = await Promise.all([
    db.selectFrom("staff_user").select(["id", "email", "display_name", "status"]).orderBy("display_name").execute(),
    db.selectFrom("staff_role").select(["user_id", "role"]).execute(),
    db.selectFrom("staff_region").select(["user_id", "region_id"]).execute(),
  ]);
  return users.map((u) => ({
    ...u,
    roles: roles
      .filter((r) => r.user_id === u.id)
      .map((r) => r.role)
      .filter(isRole) as Role[],
    regionIds: regions.filter((r) => r.user_id === u.id).map((r) => r.region_id),
  }));
}
