import type { ColumnType, Generated } from "kysely";

/** Timestamps are written as Date or ISO string and always read back as Date. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface AppSettingTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: Generated<Timestamp>;
}

/** The typed shape of the database, extended by each migration. */
export interface Database {
  app_setting: AppSettingTable;
}
