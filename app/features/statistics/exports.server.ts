import ExcelJS from "exceljs";
import type { StatTable, TableValue } from "./figures.tables.ts";
import type { FigureQuery } from "./statistics.server.ts";

/**
 * The figures' tables as files: CSV (all tables one after another, each with its title and
 * definition) and XLSX (one sheet per table, written with ExcelJS), and the file names.
 */
function csvCell(value: TableValue): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  // A text starting like a formula is made inert for spreadsheet programs.
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export type ExportHeader = { title: string; lines: string[] };

export function tablesToCsv(header: ExportHeader, tables: readonly StatTable[]): string {
  const lines: string[] = [csvCell(header.title), ...header.lines.map(csvCell), ""];
  for (const table of tables) {
    lines.push(csvCell(table.title), csvCell(table.definition), table.columns.map(csvCell).join(","));
    for (const row of table.rows) lines.push(row.map(csvCell).join(","));
    lines.push("");
  }
  // A byte-order mark, so that spreadsheet programs read the file as UTF-8.
  return `\uFEFF${lines.join("\r\n")}`;
}

export async function tablesToXlsx(header: ExportHeader, tables: readonly StatTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Herstel";
  const about = workbook.addWorksheet(header.title.slice(0, 31).replace(/[\\/*?:[\]]/g, " "));
  about.addRow([header.title]).font = { bold: true, size: 14 };
  for (const line of header.lines) about.addRow([line]);
  about.getColumn(1).width = 120;
  const used = new Set<string>();
  for (const table of tables) {
    let name = table.title.replace(/[\\/*?:[\]]/g, " ").slice(0, 28);
    while (used.has(name)) name = `${name.slice(0, 26)}_${used.size}`;
    used.add(name);
    const sheet = workbook.addWorksheet(name);
    sheet.addRow([table.title]).font = { bold: true, size: 13 };
    sheet.addRow([table.definition]);
    sheet.addRow([]);
    sheet.addRow(table.columns).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row.map((v) => (v === null ? "" : v)));
    sheet.getColumn(1).width = 48;
    for (let i = 2; i <= table.columns.length; i++) sheet.getColumn(i).width = 18;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function exportFileName(query: FigureQuery, format: "csv" | "xlsx"): string {
  const period = query.year ? String(query.year) : `${query.period.from}_${query.period.to}`;
  const region = query.regionId ? `-regio-${query.regionId}` : "";
  return `herstel-cijfers-${period}${region}${query.publication ? "-publicatie" : ""}.${format}`;
}
