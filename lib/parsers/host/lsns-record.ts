/**
 * The record shared by the lsns (table) and lsns-json parsers, and the normalisation from
 * raw string cells (either form) to it. Column names are lsns's own, lower-cased.
 */
import { toInt } from "@/lib/parsers/common";

export interface LsnsRecord {
  /** Namespace inode. */
  ns: number;
  type: string;
  nprocs?: number;
  /** Lowest PID in the namespace; absent for namespaces held only by an nsfs mount. */
  pid?: number;
  ppid?: number;
  /** Command line of that PID (tree drawing "└─" removed). */
  command?: string;
  uid?: number;
  user?: string;
  path?: string;
  /** NETNSID column: a number, or "unassigned". */
  netnsid?: number | string;
  nsfs?: string;
  line: number;
}

/** Cell values as strings (table) or JSON scalars (lsns -J, old releases quote numbers). */
export type RawLsnsRow = Record<string, string | number | boolean | null | undefined>;

const TREE_PREFIX_RE = /^[\s│├└─|`-]*[└├]─/;

function str(v: RawLsnsRow[string]): string | undefined {
  if (v === null || v === undefined) return undefined;
  const s = String(v).trim();
  return s === "" ? undefined : s;
}

function num(v: RawLsnsRow[string]): number | undefined {
  return typeof v === "number" && Number.isSafeInteger(v) ? v : toInt(str(v));
}

/** Stage 2 for both forms; a string result is the reason the row was rejected. */
export function normaliseLsnsRow(row: RawLsnsRow, line: number): LsnsRecord | string {
  const ns = num(row.ns);
  const type = str(row.type);
  if (ns === undefined) return "NS is missing or not a number";
  if (type === undefined) return "TYPE is missing";
  const rec: LsnsRecord = { ns, type, line };
  const set = <K extends keyof LsnsRecord>(k: K, v: LsnsRecord[K] | undefined) => {
    if (v !== undefined) rec[k] = v;
  };
  set("nprocs", num(row.nprocs));
  set("pid", num(row.pid));
  set("ppid", num(row.ppid));
  set("command", str(row.command)?.replace(TREE_PREFIX_RE, ""));
  set("uid", num(row.uid));
  set("user", str(row.user));
  set("path", str(row.path));
  const netnsid = str(row.netnsid);
  set("netnsid", netnsid === undefined ? undefined : (toInt(netnsid) ?? netnsid));
  set("nsfs", str(row.nsfs));
  return rec;
}
