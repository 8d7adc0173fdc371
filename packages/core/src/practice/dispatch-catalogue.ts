import { z } from "zod";
import { ValidationError } from "../errors.js";
import { type Category, categorySchema } from "../events/catalog.js";
import { issuesOf } from "../events/registry.js";

/**
 * The 12345 dispatch catalogue (派单目录) and its two rules (Beijing 接诉即办
 * 工作条例 Art. 12 ¶1):
 *
 * 1. a ticket whose duty and jurisdiction are clear goes straight to the org that
 *    handles it; one sent straight to a street office or township (街道办事处、
 *    乡镇人民政府) goes at the same time to its district government, which sees
 *    that it is solved;
 * 2. a ticket with no clear handling org but a known district goes to that
 *    district government to coordinate.
 *
 * Anything else is the hotline office's own call (it may confer before
 * dispatching, Art. 12 ¶2). A handling org that disputes a dispatch objects with
 * `objectRouting`; the office that dispatched it confirms (`confirmObjection`) or
 * dispatches elsewhere (Art. 12 ¶3, W22 Art. 23 ¶3): that review is the
 * procedure's, not the catalogue's.
 */
export interface DispatchEntry {
  /** What the entry covers: a topic (most specific), or a category. */
  topic?: string;
  category?: Category;
  /** Only tickets in this district (the `location.region` of the registration). */
  region?: string;
  /** The handling org. */
  org: string;
  /** The org is a street office or township: the district government is sent the ticket too. */
  township?: boolean;
}

export interface DispatchCatalogue {
  readonly entries: readonly DispatchEntry[];
  /** District (region) → its government's org id. */
  readonly districtGovernments: Readonly<Record<string, string>>;
}

export interface DispatchTicket {
  category: Category;
  topic?: string;
  location?: { region?: string };
}

export interface DispatchDecision {
  /** Where the ticket is dispatched (`route.toOrg`). */
  toOrg: string;
  /** The district government also sent the ticket, to see it solved (Art. 12 ¶1(1)). */
  alsoTo?: string;
  basis: "BJ-H Art. 12 ¶1(1)" | "BJ-H Art. 12 ¶1(2)";
  /** Why: the catalogue entry that matched, or the district. */
  reason: string;
}

const text = z.string().trim().min(1);
const catalogueSchema = z.object({
  entries: z.array(
    z
      .object({
        topic: text.optional(),
        category: categorySchema.optional(),
        region: text.optional(),
        org: text,
        township: z.boolean().optional(),
      })
      .refine((e) => e.topic !== undefined || e.category !== undefined, {
        message: "an entry names a topic or a category",
      }),
  ),
  districtGovernments: z.record(text, text).default({}),
});

/** A catalogue from configuration (JSON, an object): a `ValidationError` names the bad field. */
export function dispatchCatalogue(input: unknown): DispatchCatalogue {
  const parsed = catalogueSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("dispatch catalogue", issuesOf(parsed.error));
  const { entries, districtGovernments } = parsed.data;
  for (const [i, e] of entries.entries()) {
    if (e.township && (e.region === undefined || districtGovernments[e.region] === undefined)) {
      throw new ValidationError("dispatch catalogue", [
        {
          path: `entries.${i}.region`,
          message: `${e.org} is a street office or township: name its district, one of districtGovernments (BJ-H Art. 12 ¶1(1))`,
        },
      ]);
    }
  }
  return { entries, districtGovernments };
}

/** How well an entry fits a ticket: higher is more specific; -1 when it does not fit. */
const specificity = (e: DispatchEntry, t: DispatchTicket): number => {
  const region = t.location?.region;
  if (e.region !== undefined && e.region !== region) return -1;
  const regional = e.region === undefined ? 0 : 1;
  if (e.topic !== undefined) return e.topic === t.topic ? 4 + regional : -1;
  return e.category === t.category ? 2 + regional : -1;
};

/**
 * Where the catalogue sends a ticket, or undefined when neither rule of Art. 12
 * ¶1 applies (the office decides). Among fitting entries the most specific wins
 * (topic before category, a district's own entry before a city-wide one); a tie
 * keeps the first listed.
 */
export function dispatchTicket(
  catalogue: DispatchCatalogue,
  ticket: DispatchTicket,
): DispatchDecision | undefined {
  let best: DispatchEntry | undefined;
  let bestFit = -1;
  for (const e of catalogue.entries) {
    const f = specificity(e, ticket);
    if (f > bestFit) [best, bestFit] = [e, f];
  }
  const region = ticket.location?.region;
  if (best !== undefined) {
    const what = best.topic !== undefined ? `topic ${best.topic}` : `category ${best.category}`;
    const alsoTo = best.township ? catalogue.districtGovernments[best.region ?? ""] : undefined;
    return {
      toOrg: best.org,
      ...(alsoTo === undefined ? {} : { alsoTo }),
      basis: "BJ-H Art. 12 ¶1(1)",
      reason: `catalogue: ${what}${best.region === undefined ? "" : ` in ${best.region}`} → ${best.org}`,
    };
  }
  const government = region === undefined ? undefined : catalogue.districtGovernments[region];
  if (government === undefined) return undefined;
  return {
    toOrg: government,
    basis: "BJ-H Art. 12 ¶1(2)",
    reason: `no handling org in the catalogue; district ${region} coordinates`,
  };
}
