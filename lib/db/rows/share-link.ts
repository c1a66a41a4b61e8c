import { decodeJson, ZStrings } from "./json";

/** The ShareLink row's JSON column, written by lib/links/incident-links.ts createIncidentLink. */

/** ShareLink.findingKeys, read: the string items; [] for anything else. */
export const ZFindingKeys = ZStrings;

export function encodeFindingKeys(keys: string[]): string {
  return JSON.stringify(keys);
}

export function decodeFindingKeys(text: string): string[] {
  return decodeJson(ZFindingKeys, text);
}
