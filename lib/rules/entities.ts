/**
 * Building a finding's entities: each list de-duplicated in first-seen order and left out
 * when empty, so two findings about the same things carry equal sets.
 */
import { ENTITY_KEYS, type FindingEntities } from "@/lib/rules/finding";

type EntityInput = { [K in keyof FindingEntities]?: Iterable<NonNullable<FindingEntities[K]>[number] | null | undefined> };

export function entities(input: EntityInput): FindingEntities {
  const out: Record<string, unknown[]> = {};
  for (const key of ENTITY_KEYS) {
    const values = input[key];
    if (!values) continue;
    const seen = new Set<unknown>();
    for (const v of values) if (v !== null && v !== undefined && v !== "") seen.add(v);
    if (seen.size) out[key] = [...seen];
  }
  return out as FindingEntities;
}

/** `name=value` for the sysctls entity (the effective value the finding relies on). */
export function sysctlEntity(name: string, value: string | number): string {
  return `${name}=${value}`;
}
