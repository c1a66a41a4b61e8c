/**
 * host/docker-inspect-pids.txt: ID<TAB>PID per container, from
 * `docker inspect -f '{{.Id}}\t{{.State.Pid}}'`. PID 0 means the container is not running.
 *
 *   3f4e5d...<TAB>4321
 *
 * → DockerPidRecord { id: "3f4e5d...", pid: 4321, line: 1 }
 *
 * Joined with ps and ns-links, it tells which netns belongs to which container, and which
 * shim/pause processes docker no longer knows (SCENARIOS.md case 1).
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { ResultBuilder, classifyErrorLine, detectNotData, notDataResult, splitLines, toInt } from "@/lib/parsers/common";

export interface DockerPidRecord {
  id: string;
  pid: number;
  line: number;
}

const LINE_RE = /^([0-9a-f]{12,64})\t\s*(-?\d+)\s*$/;

export const parser: ArtifactParser<DockerPidRecord> = {
  kind: "docker-inspect-pids",
  parse(text) {
    const notData = detectNotData(text);
    if (notData) return notDataResult(notData);
    const out = new ResultBuilder<DockerPidRecord>();
    const lines = splitLines(text);
    lines.forEach((t, i) => {
      const line = i + 1;
      if (t.trim() === "") return;
      const m = LINE_RE.exec(t);
      const pid = toInt(m?.[2]);
      if (m && pid !== undefined) {
        out.records.push({ id: m[1] ?? "", pid, line });
        if (i === lines.length - 1 && !text.endsWith("\n")) out.warn("last line has no newline: PID may be cut", line);
      }
      else if (classifyErrorLine(t) || /^Error/.test(t)) out.warn(t, line);
      else out.skip(line, t, "not ID<TAB>PID");
    });
    return out.done();
  },
};
