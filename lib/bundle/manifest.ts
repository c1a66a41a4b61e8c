/**
 * manifest.json of bundle format v1 (collector-script/README.md), read leniently: a bundle
 * from an older or newer collector, or a hand-edited one, should still be analysed. Unknown
 * fields are ignored; a field of the wrong type is dropped with a warning naming it; a
 * command without an output path is dropped (nothing could be matched to it).
 *
 *   {"format":"netbundle-bundle","formatVersion":1,"host":"node-1",
 *    "commands":[{"argv":["ip","-j","addr"],"kind":"ip-addr-json","output":"netns/4026531840/ip-addr.json","netns":4026531840,"exitCode":0}]}
 *   → { manifest: { format, formatVersion: 1, host: "node-1", commands: [ {...} ], namespaces: [], ... }, warnings: [] }
 */
import { z } from "zod";

export const MANIFEST_FORMAT = "netbundle-bundle";
export const MANIFEST_FORMAT_VERSION = 1;

const str = z.string();
const int = z.number().int();
const strs = z.array(z.string());

export const ZManifestCommandFields = {
  argv: strs,
  kind: str,
  output: str,
  netns: int,
  reachedVia: str,
  exitCode: int.nullable(),
  durationMs: z.number().nonnegative(),
  timedOut: z.boolean(),
  truncated: z.boolean(),
  notFound: z.boolean(),
  stderr: str,
  backend: z.enum(["legacy", "nf_tables", "unknown"]),
};
/** Strict form, for producers (tests, the collector's own checks). */
export const ZManifestCommand = z.object(ZManifestCommandFields).partial().required({ output: true });

const ZMount = z.object({ mountPoint: str, fstype: str.optional(), mntns: int.optional(), pid: int.optional(), comm: str.optional() });
const ZName = z.object({ name: str, path: str.optional() });
const ZFd = z.object({ pid: int, fd: int });
const ZHolderFields = { pids: z.array(int), mounts: z.array(ZMount), names: z.array(ZName), fds: z.array(ZFd) };
const ZNamespaceFields = { type: str, inode: int, isHost: z.boolean(), dir: str, reachedVia: strs };

const ZTopFields = {
  format: str,
  formatVersion: int,
  host: str,
  kernel: str,
  uid: int,
  root: z.boolean(),
  options: z.record(z.string(), z.unknown()),
  /** The backend `iptables` uses on the node (iptables -V): "nf_tables", "legacy" or "unknown". */
  iptablesMode: z.enum(["nf_tables", "legacy", "unknown"]),
  missingTools: strs,
  limitations: strs,
};
const ZCollectorFields = { name: str, version: str };
const ZCollectedAtFields = { utc: str, node: str, epoch: z.number() };

type Fields = Record<string, z.ZodType>;
type Picked<S extends Fields> = { [K in keyof S]?: z.infer<S[K]> };

export type ManifestCommand = Picked<typeof ZManifestCommandFields> & { output: string };
export type ManifestNamespace = Picked<typeof ZNamespaceFields> & { holders?: Picked<typeof ZHolderFields> };
export type TManifest = Picked<typeof ZTopFields> & {
  collector?: Picked<typeof ZCollectorFields>;
  collectedAt?: Picked<typeof ZCollectedAtFields>;
  namespaces: ManifestNamespace[];
  commands: ManifestCommand[];
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Keep each known field that validates; warn about and drop each one that does not. */
function pick<S extends Fields>(value: unknown, shape: S, where: string, warnings: string[]): Picked<S> {
  const out: Record<string, unknown> = {};
  if (!isObject(value)) {
    warnings.push(`${where}: expected an object`);
    return out as Picked<S>;
  }
  for (const [key, schema] of Object.entries(shape)) {
    if (value[key] === undefined) continue;
    const r = schema.safeParse(value[key]);
    if (r.success) out[key] = r.data;
    // The collector writes null for "not applicable" (netns of a host command): absent, not wrong.
    else if (value[key] === null) continue;
    else warnings.push(`${where}.${key}: ${r.error.issues[0]?.message ?? "invalid"} (ignored)`);
  }
  return out as Picked<S>;
}

function pickList<T>(value: unknown, where: string, warnings: string[], each: (v: unknown, w: string) => T | null): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    warnings.push(`${where}: expected an array (ignored)`);
    return [];
  }
  return value.map((v, i) => each(v, `${where}[${i}]`)).filter((v): v is T => v !== null);
}

export function parseManifest(text: string): { manifest: TManifest | null; warnings: string[] } {
  const warnings: string[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { manifest: null, warnings: [`manifest.json is not valid JSON: ${e instanceof Error ? e.message : String(e)}`] };
  }
  if (!isObject(raw)) return { manifest: null, warnings: ["manifest.json is not a JSON object"] };

  const top = pick(raw, ZTopFields, "manifest", warnings);
  if (top.format !== undefined && top.format !== MANIFEST_FORMAT) warnings.push(`manifest.format is "${top.format}", expected "${MANIFEST_FORMAT}"`);
  if (top.formatVersion !== undefined && top.formatVersion > MANIFEST_FORMAT_VERSION) {
    warnings.push(`manifest.formatVersion ${top.formatVersion} is newer than ${MANIFEST_FORMAT_VERSION}; reading it as version ${MANIFEST_FORMAT_VERSION}`);
  }
  const manifest: TManifest = {
    ...top,
    namespaces: pickList(raw.namespaces, "manifest.namespaces", warnings, (v, w) => {
      const ns: ManifestNamespace = pick(v, ZNamespaceFields, w, warnings);
      if (isObject(v) && v.holders !== undefined) ns.holders = pick(v.holders, ZHolderFields, `${w}.holders`, warnings);
      return ns;
    }),
    commands: pickList(raw.commands, "manifest.commands", warnings, (v, w) => {
      const c = pick(v, ZManifestCommandFields, w, warnings);
      if (c.output === undefined) {
        if (isObject(v)) warnings.push(`${w}: no output path; command ignored`);
        return null;
      }
      return c as ManifestCommand;
    }),
  };
  if (raw.collector !== undefined) manifest.collector = pick(raw.collector, ZCollectorFields, "manifest.collector", warnings);
  if (raw.collectedAt !== undefined) manifest.collectedAt = pick(raw.collectedAt, ZCollectedAtFields, "manifest.collectedAt", warnings);
  return { manifest, warnings };
}
