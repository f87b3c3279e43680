import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { translator } from "../../lib/i18n/i18n.ts";
import { fact } from "../../testing/statistics-facts.ts";
import { computeFigures, type Fact } from "./figures.rules.ts";
import { figureTables, publishedQuantities, type StatTable } from "./figures.tables.ts";
import { isSmall, suppressLinked } from "./publication.ts";

/**
 * Publication suppression over the whole set of tables (the ways a hidden count could be worked
 * out from the other tables, found in a review), and a property: after suppression, no small
 * count follows from the printed ones by any single relation, whatever the data.
 */
const YEAR = { from: "2025-01-01", to: "2025-12-31" };
const t = translator("nl");
const labels = { offence: {}, referrer: {}, reason: {}, regions: [] };

const times = (n: number, overrides: Partial<Fact>) => Array.from({ length: n }, () => fact(overrides));

function published(facts: Fact[]): StatTable[] {
  return figureTables(computeFigures(facts, YEAR), t, labels, { publication: true, threshold: 5 });
}
const table = (tables: StatTable[], id: string) => tables.find((x) => x.id === id) as StatTable;
const row = (tables: StatTable[], id: string, label: string) =>
  table(tables, id).rows.find((r) => r[0] === label) as (string | number | null)[];

describe("publication: a hidden count stays hidden in every table", () => {
  it("the sexual-offence table hides the share of a small count, and the count the offence table hid for another", () => {
    const small = published([...times(57, {}), ...times(3, { offence_category: "sexual_offence" })]);
    expect(row(small, "sexualOffence", t("stats.sexualOffence.count"))[1]).toBe("<5");
    expect(row(small, "sexualOffence", t("stats.sexualOffence.share"))[1]).toBeNull();

    const tables = published([
      ...times(80, {}),
      ...times(12, { offence_category: "sexual_offence" }),
      ...times(3, { offence_category: "homicide" }),
    ]);
    // 95 − 80 − 12 would give the homicides: the 12 is hidden too ("x": hidden to protect
    // another, not small itself), in both tables.
    expect(row(tables, "offences", "homicide")[1]).toBe("<5");
    expect(row(tables, "offences", "sexual_offence")[1]).toBe("x");
    expect(row(tables, "sexualOffence", t("stats.sexualOffence.count"))[1]).toBe("x");
    expect(row(tables, "sexualOffence", t("stats.sexualOffence.share"))[1]).toBeNull();
  });

  it("hides the previous period's small counts in pairs, and every change computed from a hidden count", () => {
    const tables = published([
      ...times(40, {}),
      ...times(20, { offence_category: "sexual_offence" }),
      ...times(40, { received_on: "2024-05-01" }),
      ...times(3, { received_on: "2024-05-01", offence_category: "sexual_offence" }),
      ...times(9, { received_on: "2024-05-01", offence_category: "traffic" }),
    ]);
    const sexual = row(tables, "offences", "sexual_offence");
    expect(sexual[3]).toBe("<5");
    expect(sexual[4]).toBeNull();
    // Traffic disappeared this year: its row stays, and with 9 it is the second count hidden.
    const traffic = row(tables, "offences", "traffic");
    expect(traffic.slice(1, 5)).toEqual([0, 0, "x", null]);
    expect(row(tables, "offences", t("stats.total"))[3]).toBe(52);
    expect(row(tables, "sexualOffence", t("stats.sexualOffence.change"))[1]).toBeNull();
  });

  it("does not give away a small number of cases with contact through the reasons for no contact", () => {
    const closed = { taken_up_on: "2025-03-02", closed_on: "2025-09-01" };
    const tables = published([
      ...times(3, { ...closed, forms: ["conversation"], contact_on: "2025-06-01", both_agreed: true }),
      ...times(60, { ...closed, no_contact_reason: "other_party_declines" }),
      ...times(37, { ...closed, no_contact_reason: "not_suitable" }),
    ]);
    const closedRate = row(tables, "contact", t("stats.denominator.closed"));
    expect(closedRate[1]).toBe("<5");
    expect(closedRate[3]).toBeNull();
    const reasonsTotal = row(tables, "noContactReasons", t("stats.total"))[1];
    // Closed (100) minus the reasons' total would be the 3: one of the two is hidden.
    expect(closedRate[2] === "x" || reasonsTotal === "x").toBe(true);
    expect(table(tables, "forms").definition).toContain("<5");
    expect(table(tables, "forms").definition).not.toMatch(/\b3\b/);
  });

  it("does not give away a small channel through the referrer types' total", () => {
    const tables = published([
      ...times(6, { submitted_by: "referrer", referrer_type: "probation" }),
      ...times(50, {}),
      ...times(2, { submitted_by: "staff" }),
    ]);
    expect(row(tables, "channel", t("stats.channel.staff"))[1]).toBe("<5");
    expect(row(tables, "channel", t("stats.channel.referrer"))[1]).toBe("x");
    // The referrer types add up to the hidden 6, so 58 − 50 − 6 would give the 2: either the 50
    // or the referrer types are hidden as well.
    expect(
      row(tables, "channel", t("stats.channel.self"))[1] === "x" || row(tables, "referrerType", "probation")[1] === "x",
    ).toBe(true);
  });

  it("leaves the cases per mediator out of a publication (ranked rows would bound a hidden count)", () => {
    const taken = (lead: number, n: number) => times(n, { taken_up_on: "2025-04-01", lead_mediator_id: lead });
    const facts = [...taken(1, 9), ...taken(2, 9), ...taken(3, 1)];
    expect(table(published(facts), "perMediator")).toBeUndefined();
    const internal = figureTables(computeFigures(facts, YEAR), t, labels, { publication: false, threshold: 5 });
    expect(table(internal, "perMediator").rows.map((r) => r[1])).toEqual([9, 9, 1]);
  });

  it("does not give away cases without contact through the forms or the cases in which both agreed", () => {
    // Received and taken up the year before: only the closing figures of this year involve them.
    const closed = { received_on: "2024-06-01", taken_up_on: "2024-06-02", closed_on: "2025-09-01" };
    const contact = { ...closed, forms: ["conversation"], contact_on: "2025-06-01", both_agreed: true };
    for (const facts of [
      // 40 of 43 closed had contact, all by conversation: forms total 40 would pin the 3 without.
      [...times(40, contact), ...times(3, { ...closed, no_contact_reason: "not_suitable" })],
      // 49 of 50 with contact, all agreed: 49 agreed with contact would pin the 1 without.
      [...times(49, contact), ...times(1, { ...closed, no_contact_reason: "not_suitable" })],
    ]) {
      const tables = published(facts);
      const closedRate = row(tables, "contact", t("stats.denominator.closed"));
      const shown = (v: unknown) => typeof v === "number";
      const formsTotal = row(tables, "forms", t("stats.total"))[1];
      const agreedWith = row(tables, "contact", t("stats.denominator.agreed"))[1];
      // With the cases closed shown, neither the forms' total nor the agreed cases with contact
      // may show the number with contact.
      if (shown(closedRate[2])) {
        expect(closedRate[1]).toBe("x");
        expect(shown(formsTotal) && formsTotal === facts.filter((f) => f.forms.length > 0).length).toBe(false);
        expect(shown(agreedWith)).toBe(false);
      }
    }
  });

  it("does not give away small counts through their bounds: two cells of '<5' that add up to 8 are both 4", () => {
    const tables = published([
      ...times(5, { registrant_side: "offender", registrant_role: "offender" }),
      ...times(5, { registrant_side: "offender", registrant_role: "relative" }),
      ...times(4, { registrant_role: "bereaved" }),
      ...times(4, { registrant_role: "victim" }),
    ]);
    const roles = table(tables, "role")
      .rows.slice(0, -1)
      .map((r) => r[1]);
    // 18 − 5 − 5 = 8 over two cells of 1 to 4 would pin both: a third cell is hidden.
    expect(roles.filter((c) => c === "<5").length).toBe(2);
    expect(roles.filter((c) => c === "x").length).toBe(1);
  });

  it("shows everything outside a publication, with every offence that had registrations or closed cases", () => {
    const tables = figureTables(
      computeFigures(
        [
          ...times(57, {}),
          ...times(3, { offence_category: "homicide" }),
          // Received the year before and closed in this one: its offence has a contact rate.
          ...times(6, {
            offence_category: "robbery",
            received_on: "2024-11-01",
            taken_up_on: "2024-11-05",
            closed_on: "2025-05-01",
            no_contact_reason: "not_suitable",
          }),
        ],
        YEAR,
      ),
      t,
      labels,
      { publication: false, threshold: 5 },
    );
    expect(row(tables, "offences", "homicide")[1]).toBe(3);
    expect(row(tables, "offences", "robbery").slice(1, 5)).toEqual([0, 0, 6, -100]);
    expect(row(tables, "contactPerOffence", "robbery")).toEqual(["robbery", null, 0, null]);
    expect(table(tables, "offences").columns[3]).toBe("Vergelijkingsperiode (2024-01-01 t/m 2024-12-31)");
  });
});

const genFact = fc
  .record({
    day: fc.integer({ min: 0, max: 700 }),
    submitted_by: fc.constantFrom("self", "referrer", "staff"),
    referrer_type: fc.constantFrom("probation", "police", null),
    registrant_side: fc.constantFrom("victim", "offender"),
    offence_category: fc.constantFrom("violence", "sexual_offence", "traffic", "homicide"),
    takenAfter: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
    closedAfter: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
    forms: fc.subarray(["conversation", "letter_exchange"]),
    both_agreed: fc.boolean(),
    reason: fc.constantFrom("other_party_declines", "not_suitable", null),
    lead: fc.constantFrom(1, 2, 3, null),
  })
  .map((g) => {
    const date = (d: number) =>
      new Date(Date.parse("2024-01-01T00:00:00Z") + d * 86_400_000).toISOString().slice(0, 10);
    const taken = g.takenAfter === undefined ? null : date(g.day + g.takenAfter);
    const closed = taken && g.closedAfter !== undefined ? date(g.day + (g.takenAfter ?? 0) + g.closedAfter) : null;
    return fact({
      received_on: date(g.day),
      submitted_by: g.submitted_by,
      referrer_type: g.submitted_by === "referrer" ? g.referrer_type : null,
      registrant_side: g.registrant_side,
      registrant_role: g.registrant_side,
      offence_category: g.offence_category,
      taken_up_on: taken,
      closed_on: closed,
      forms: closed ? g.forms : [],
      contact_on: closed && g.forms.length > 0 ? closed : null,
      both_agreed: g.both_agreed || (closed !== null && g.forms.length > 0),
      no_contact_reason: closed && g.forms.length === 0 ? g.reason : null,
      lead_mediator_id: taken ? g.lead : null,
    });
  });

describe("publication: suppression over the linked tables", () => {
  it("leaves no small count that one relation of printed counts gives away, and hides every small printed count", () => {
    fc.assert(
      fc.property(fc.array(genFact, { maxLength: 150 }), fc.integer({ min: 2, max: 6 }), (facts, threshold) => {
        const { quantities, relations } = publishedQuantities(computeFigures(facts, YEAR));
        const hidden = suppressLinked(quantities, relations, threshold);
        for (const [name, q] of quantities)
          if (q.printed && isSmall(q.value, threshold)) expect(hidden.has(name), name).toBe(true);
        // What a reader knows: the printed counts left, the zeros, and whatever one relation
        // with a single unknown gives, repeated until nothing more follows.
        const known = new Set(
          [...quantities].flatMap(([name, q]) => ((q.printed && !hidden.has(name)) || q.value === 0 ? [name] : [])),
        );
        for (let grew = true; grew; ) {
          grew = false;
          for (const r of relations) {
            const unknown = [r.total, ...r.parts].filter((name) => !known.has(name));
            if (unknown.length === 1) {
              known.add(unknown[0] as string);
              grew = true;
            }
          }
        }
        for (const name of known) expect(isSmall(quantities.get(name)?.value ?? 0, threshold), name).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
