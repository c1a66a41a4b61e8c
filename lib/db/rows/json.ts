import { z } from "zod";

/**
 * The pieces the row codecs (lib/db/rows/<table>.ts) are made of. JSON columns are TEXT on
 * SQLite and PostgreSQL alike: written with JSON.stringify, read back tolerantly, since a
 * row may come from an older ingest or a hand edit. A NULL, empty or unreadable value, or
 * one of the wrong shape, decodes to its column's fallback instead of failing the page:
 * every read schema here ends in `.catch`, so it never throws.
 */

/** The parsed value of a JSON column: undefined when it is NULL, empty or not JSON. */
export function parseJsonText(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A JSON column through its read schema (one that never fails). */
export function decodeJson<T>(schema: z.ZodType<T>, text: string | null | undefined): T {
  return schema.parse(parseJsonText(text));
}

/** Any number JSON.parse gives, 1e999 (Infinity) included: what a `typeof` test let through. */
export const ZNumber = z.custom<number>((v) => typeof v === "number");

/** Any non-null object, arrays included: what a `typeof v === "object"` test let through. */
export const ZObjectLike = z.custom<Record<string, unknown>>((v) => typeof v === "object" && v !== null);

/** A plain object (not an array). */
export const ZRecord = z.record(z.string(), z.unknown());

/** The items of an array as stored, [] for anything else. */
export const ZJsonArray = z.array(z.unknown()).catch(() => []);

/** The items of an array that `item` accepts, as `item` gives them; [] for anything else. */
export function lenientArray<T>(item: z.ZodType<T>) {
  return ZJsonArray.transform((items) => items.flatMap((x) => {
    const r = item.safeParse(x);
    return r.success ? [r.data] : [];
  }));
}

/** The string items of an array; [] for anything else. */
export const ZStrings = ZJsonArray.transform((items) => items.filter((s): s is string => typeof s === "string"));

/** The number-valued entries of an object (of an array: by index, as Object.entries gives them). */
export function numberEntries(o: object): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(o)) if (typeof n === "number") out[k] = n;
  return out;
}
