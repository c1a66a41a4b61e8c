/**
 * docker ps -a, in the collector's tab form or as the classic table (the first line tells).
 *
 *   collector:  docker ps -a --no-trunc --format '{{.ID}}\t{{.Names}}\t{{.Image}}\t{{.Status}}'
 *     3f4e...64hex<TAB>k8s_POD_coredns-5d78c9869d-4mq9n_kube-system_...<TAB>registry.k8s.io/pause:3.9<TAB>Up 2 hours
 *   table:
 *     CONTAINER ID   IMAGE     COMMAND       CREATED        STATUS                   PORTS     NAMES
 *     ea09c3c82f6e   registry  /srv/run.sh   2 weeks ago    Exited (0) 2 weeks ago   ...       desperate_leakey
 *
 * → DockerPsRecord { form: "tab", id: "3f4e...", names: ["k8s_POD_..."], image: "registry.k8s.io/pause:3.9",
 *     status: "Up 2 hours", state: "running", line: 1 }
 *
 * state is derived from STATUS text: Up → running (or paused with "(Paused)"), Exited (N) →
 * exited + exitCode, Restarting (N), Created, Removal In Progress, Dead. Names are comma lists
 * (legacy links add "webapp/db").
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { ResultBuilder, classifyErrorLine, detectNotData, notDataResult, splitLines } from "@/lib/parsers/common";
import { readLeftTable } from "./left-table";

export type DockerState = "running" | "paused" | "restarting" | "exited" | "created" | "removing" | "dead" | "unknown";

export interface DockerPsRecord {
  form: "tab" | "table";
  id: string;
  names: string[];
  image: string;
  status: string;
  state: DockerState;
  exitCode?: number;
  health?: string;
  command?: string;
  created?: string;
  ports?: string;
  line: number;
}

const TABLE_HEADER_RE = /^CONTAINER ID\s+IMAGE\s/;

export function stateFromStatus(status: string): { state: DockerState; exitCode?: number; health?: string } {
  const health = /\((healthy|unhealthy|health: starting)\)/.exec(status)?.[1];
  const withHealth = <T extends object>(o: T) => (health ? { ...o, health } : o);
  if (/^Up\b/.test(status)) return withHealth({ state: /\(Paused\)/.test(status) ? "paused" : "running" } as const);
  const exited = /^Exited \((-?\d+)\)/.exec(status);
  if (exited) return { state: "exited", exitCode: Number(exited[1]) };
  const restarting = /^Restarting \((-?\d+)\)/.exec(status);
  if (restarting) return { state: "restarting", exitCode: Number(restarting[1]) };
  if (/^Created\b/.test(status)) return { state: "created" };
  if (/^Removal In Progress/.test(status)) return { state: "removing" };
  if (/^Dead\b/.test(status)) return { state: "dead" };
  return { state: "unknown" };
}

function record(form: DockerPsRecord["form"], id: string, names: string, image: string, status: string, line: number): DockerPsRecord {
  const names_ = names.split(",").map((n) => n.trim()).filter((n) => n !== "");
  return { form, id, names: names_, image, status, ...stateFromStatus(status), line };
}

function parseTab(text: string): ReturnType<ArtifactParser<DockerPsRecord>["parse"]> {
  const out = new ResultBuilder<DockerPsRecord>();
  splitLines(text).forEach((t, i) => {
    const line = i + 1;
    if (t.trim() === "") return;
    const [id, names, image, status, ...extra] = t.split("\t");
    if (id && /^[0-9a-f]{12,64}$/.test(id) && names !== undefined && image !== undefined && status !== undefined) {
      if (extra.length > 0) out.warn("more than four tab-separated fields", line);
      out.records.push(record("tab", id, names, image, status.trim(), line));
    } else if (classifyErrorLine(t) || /^(Error|Cannot connect)/.test(t)) out.warn(t, line);
    else out.skip(line, t, "not ID<TAB>Names<TAB>Image<TAB>Status");
  });
  return out.done();
}

export const parser: ArtifactParser<DockerPsRecord> = {
  kind: "docker-ps",
  parse(text) {
    const notData = detectNotData(text);
    if (notData) return notDataResult(notData);
    const lines = splitLines(text);
    if (!lines.some((l) => TABLE_HEADER_RE.test(l))) {
      const res = parseTab(text);
      if (res.records.length === 0 && lines.every((l) => !l.includes("\t"))) {
        return notDataResult({ reason: "error-text", message: lines.slice(0, 3).join("\n").slice(0, 500) });
      }
      return res;
    }
    const { rows, out } = readLeftTable<DockerPsRecord>(text, { isHeader: (l) => TABLE_HEADER_RE.test(l), multiWord: ["CONTAINER ID"] });
    for (const { cells: c, line, text: t } of rows) {
      const id = c["CONTAINER ID"] ?? "";
      if (!/^[0-9a-f]{12,64}$/.test(id)) {
        out.skip(line, t, "container id is not hex");
        continue;
      }
      const rec = record("table", id, c.NAMES ?? "", c.IMAGE ?? "", c.STATUS ?? "", line);
      if (c.COMMAND) rec.command = c.COMMAND;
      if (c.CREATED) rec.created = c.CREATED;
      if (c.PORTS) rec.ports = c.PORTS;
      out.records.push(rec);
    }
    return out.done();
  },
};
