/**
 * docker info: indented "Key: value" blocks (Client:/Server: sections since 17.x; flat before).
 *
 *   Server:
 *    Storage Driver: overlay2
 *     Backing Filesystem: extfs
 *    Cgroup Driver: cgroupfs
 *    Security Options:
 *     seccomp
 *   WARNING: bridge-nf-call-iptables is disabled
 *
 * → DockerInfoRecord { type: "field", path: ["Server"], key: "Storage Driver", value: "overlay2", line: 2 }
 *   { type: "field", path: ["Server", "Storage Driver"], key: "Backing Filesystem", value: "extfs", line: 3 }
 *   { type: "item", path: ["Server", "Security Options"], value: "seccomp", line: 6 }
 *   { type: "warning", text: "bridge-nf-call-iptables is disabled", line: 7 }
 *
 * dockerInfoSummary() picks the facts rules need (storage and cgroup driver, iptables and
 * bridge-nf warnings). Quirk: a colon only separates key from value when followed by a blank
 * or the line end, so "http://mirror/" and "10.0.0.1:2377" are list items, not keys.
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { ResultBuilder, detectNotData, notDataResult, splitLines } from "@/lib/parsers/common";

export type DockerInfoRecord =
  | { type: "field"; path: string[]; key: string; value: string; line: number }
  | { type: "item"; path: string[]; value: string; line: number }
  | { type: "warning"; text: string; line: number }
  | { type: "error"; text: string; line: number };

const FIELD_RE = /^([^:]+):(?:\s+(.*))?$/;
const WARNING_RE = /^WARNING:\s*(.*)$/;
const ERROR_RE = /^(ERROR:|Error response from daemon|Cannot connect to the Docker daemon|errors pretty printing info)/;

export const parser: ArtifactParser<DockerInfoRecord> = {
  kind: "docker-info",
  parse(text) {
    const notData = detectNotData(text);
    if (notData) return notDataResult(notData);
    const out = new ResultBuilder<DockerInfoRecord>();
    // Stack of open keys with their indentation, so children know their path.
    const stack: { indent: number; key: string }[] = [];
    splitLines(text).forEach((raw, i) => {
      const line = i + 1;
      if (raw.trim() === "") return;
      const indent = raw.length - raw.trimStart().length;
      const t = raw.trim();
      const warn = WARNING_RE.exec(t);
      if (warn) return out.records.push({ type: "warning", text: warn[1] ?? "", line });
      if (ERROR_RE.test(t)) {
        out.warn(t, line);
        return out.records.push({ type: "error", text: t, line });
      }
      while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? 0) >= indent) stack.pop();
      const path = stack.map((s) => s.key);
      const m = FIELD_RE.exec(t);
      if (m) {
        const key = (m[1] ?? "").trim();
        out.records.push({ type: "field", path, key, value: (m[2] ?? "").trim(), line });
        stack.push({ indent, key });
      } else if (indent > 0 || path.length > 0) out.records.push({ type: "item", path, value: t, line });
      else out.skip(line, raw);
    });
    return out.done();
  },
};

export interface DockerInfoSummary {
  serverVersion?: string;
  storageDriver?: string;
  backingFilesystem?: string;
  cgroupDriver?: string;
  cgroupVersion?: string;
  loggingDriver?: string;
  kernelVersion?: string;
  operatingSystem?: string;
  dockerRootDir?: string;
  /** Every WARNING: line, and the subsets about iptables and bridge netfilter. */
  warnings: { text: string; line: number }[];
  iptablesWarnings: { text: string; line: number }[];
  bridgeNfWarnings: { text: string; line: number }[];
  serverError?: string;
}

export function dockerInfoSummary(records: DockerInfoRecord[]): DockerInfoSummary {
  const server = (key: string) => {
    const r = records.find((x) => x.type === "field" && x.key === key && x.path[0] !== "Client");
    return r && r.type === "field" && r.value !== "" ? r.value : undefined;
  };
  const warnings = records.flatMap((r) => (r.type === "warning" ? [{ text: r.text, line: r.line }] : []));
  const error = records.find((r) => r.type === "error");
  const s: DockerInfoSummary = {
    warnings,
    iptablesWarnings: warnings.filter((w) => /iptables|ip6tables|IPv4 forwarding/i.test(w.text) && !/bridge-nf/i.test(w.text)),
    bridgeNfWarnings: warnings.filter((w) => /bridge-nf/i.test(w.text)),
  };
  const put = (k: keyof DockerInfoSummary, v: string | undefined) => {
    if (v !== undefined) (s as unknown as Record<string, string>)[k] = v;
  };
  put("serverVersion", server("Server Version"));
  put("storageDriver", server("Storage Driver"));
  put("backingFilesystem", server("Backing Filesystem"));
  put("cgroupDriver", server("Cgroup Driver"));
  put("cgroupVersion", server("Cgroup Version"));
  put("loggingDriver", server("Logging Driver"));
  put("kernelVersion", server("Kernel Version"));
  put("operatingSystem", server("Operating System"));
  put("dockerRootDir", server("Docker Root Dir"));
  if (error && error.type === "error") s.serverError = error.text;
  return s;
}
