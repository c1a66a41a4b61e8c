/**
 * crictl pods (host/crictl-pods.txt): pod sandboxes. A NotReady sandbox whose netns still
 * exists is a leak candidate (SCENARIOS.md cases 1 and 3).
 *
 *   POD ID          CREATED       STATE      NAME                NAMESPACE     ATTEMPT   RUNTIME
 *   f84dd361f8dc5   17 seconds ago Ready     nginx-sandbox       default       1         (default)
 *
 * → CrictlPodRecord { podId: "f84dd361f8dc5", created: "17 seconds ago", state: "Ready",
 *     name: "nginx-sandbox", namespace: "default", attempt: 1, runtime: "(default)", line: 2 }
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { toInt } from "@/lib/parsers/common";
import { readLeftTable } from "./left-table";

export interface CrictlPodRecord {
  podId: string;
  created?: string;
  state?: string;
  name?: string;
  namespace?: string;
  attempt?: number;
  runtime?: string;
  line: number;
}

const isHeader = (l: string) => /^POD ID\s+CREATED\s/.test(l);

export const parser: ArtifactParser<CrictlPodRecord> = {
  kind: "crictl-pods",
  parse(text) {
    const { rows, out, notData } = readLeftTable<CrictlPodRecord>(text, { isHeader, multiWord: ["POD ID"] });
    if (notData) return { ...out.done(), notData };
    for (const { cells: c, line, text: t } of rows) {
      const podId = c["POD ID"] ?? "";
      if (!/^[0-9a-f]{6,64}$/.test(podId)) {
        out.skip(line, t, "pod id is not hex");
        continue;
      }
      const rec: CrictlPodRecord = { podId, line };
      const put = <K extends keyof CrictlPodRecord>(k: K, v: CrictlPodRecord[K] | undefined) => {
        if (v !== undefined && v !== "") rec[k] = v;
      };
      put("created", c.CREATED);
      put("state", c.STATE);
      put("name", c.NAME);
      put("namespace", c.NAMESPACE);
      put("attempt", toInt(c.ATTEMPT));
      put("runtime", c.RUNTIME);
      out.records.push(rec);
    }
    return out.done();
  },
};
