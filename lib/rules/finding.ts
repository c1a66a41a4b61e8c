/**
 * The findings vocabulary: what a rule returns, and the one severity scale shared by
 * findings, timeline events, the UI, the CLI and the database. A leaf: it imports nothing,
 * so the model, the rules and every reader can use it without a cycle.
 */

/** Most severe first; the index is the rank stored with each finding (Finding.severityRank). */
export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;

export type Severity = (typeof SEVERITIES)[number];

/** critical → 0 … info → 4: sort key, lower is more severe. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;

export function isSeverity(s: unknown): s is Severity {
  return typeof s === "string" && (SEVERITIES as readonly string[]).includes(s);
}

/**
 * What a finding cites (lib/model/evidence.ts has the helpers that make and describe it).
 * Without `quote`: `artifact` lines lineStart..lineEnd (1-based, inclusive), and `excerpt`
 * their text. Rules write a short excerpt; analyzeBundle replaces it with the lines as the
 * bundle has them (at most 20 lines of 500 characters) for every parsed command output whose
 * text it kept, so readers may number the excerpt's lines from lineStart.
 * With `quote`, the excerpt was written by the analysis and is never shown as file lines:
 * - "log-record": a log record as the signal patterns saw it, "program: message" without the
 *   line's own timestamp/host prefix (log texts are streamed, not kept to quote); lineStart
 *   (= lineEnd) is the record's first line;
 * - "summary": a description of the fact, e.g. a capture anomaly (which packets, when).
 * lineStart 0 (with lineEnd 0) means the evidence points at no line, e.g. a packet capture;
 * such evidence is a summary whether or not `quote` is set (older findings lack it).
 * Readers show a quote as a quote with one "line N" link, or without a link when there is no line.
 */
export interface Evidence {
  artifact: string;
  lineStart: number;
  lineEnd: number;
  excerpt: string;
  quote?: "log-record" | "summary";
}

/**
 * Everything a finding is about, typed, so the UI, links, search and comparisons can join on
 * it. Every key is an array and is omitted when empty. A finding names each fact its
 * explanation relies on.
 */
export interface FindingEntities {
  /** Addresses or CIDRs ("198.18.0.5", "198.18.1.0/24", "fd00::5"). */
  ips?: string[];
  ports?: number[];
  /** Service endpoints as "VIP:port" ("198.18.96.10:443", "[fd00::10]:443"). */
  services?: string[];
  macs?: string[];
  /** Network namespace inodes. */
  netns?: number[];
  /** Mount namespace inodes (where an nsfs mount is seen, a process's mount namespace). */
  mntns?: number[];
  pids?: number[];
  /** Mount points, /run/netns names, log files and other paths on the node. */
  paths?: string[];
  chains?: string[];
  /** `name=value` with the effective value, e.g. "net.ipv4.conf.all.rp_filter=1". */
  sysctls?: string[];
  interfaces?: string[];
  /** Container ids (full or as the runtime printed them). */
  containers?: string[];
}

export const ENTITY_KEYS = ["ips", "ports", "services", "macs", "netns", "mntns", "pids", "paths", "chains", "sysctls", "interfaces", "containers"] as const satisfies readonly (keyof FindingEntities)[];

export interface Finding {
  /** Stable per finding: ruleId plus the entity key, e.g. "dup-ip:198.18.0.5". */
  id: string;
  ruleId: string;
  severity: Severity;
  title: string;
  explanation: string;
  remediation: string;
  references: string[];
  entities: FindingEntities;
  evidence: Evidence[];
  /** Event time for the timeline, when the finding has one. */
  ts?: string;
  /**
   * Keys (Finding.id) of the findings that explain this one, when the rule knows the
   * direction: refused connections ← duplicate IP ← leaked netns ← CNI DEL failure.
   */
  causedBy?: string[];
  /** Filled by the rules stage from every rule's causedBy: the findings this one explains. */
  causes?: string[];
  /** Filled by the rules stage: other findings naming one of the same specific entities. */
  related?: string[];
}

export interface NotEvaluated {
  ruleId: string;
  reason: string;
}
