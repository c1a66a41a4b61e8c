/**
 * crictl ps -a (host/crictl-ps.txt). Columns changed across cri-tools releases; the header tells.
 *
 *   CONTAINER      IMAGE          CREATED         STATE     NAME        ATTEMPT   POD ID         POD
 *   8a1f0e5c9d2b3  6cab9d1bed1be  2 hours ago     Running   kube-proxy  0         5d0c7e1f2a3b4  kube-proxy-x7k2p
 *
 * → CrictlContainerRecord { id: "8a1f0e5c9d2b3", image: "6cab9d1bed1be", created: "2 hours ago",
 *     state: "Running", name: "kube-proxy", attempt: 0, podId: "5d0c7e1f2a3b4",
 *     pod: "kube-proxy-x7k2p", line: 2 }
 *
 * Old releases say "CONTAINER ID" and lack POD ID/POD; 1.26+ add NAMESPACE. CREATED is relative
 * to collection time and kept as text. A runtime that is down makes crictl print one
 * `level=fatal` line instead of a table: that is notData "error-text".
 */
import type { ArtifactParser } from "@/lib/parsers/types";
import { toInt } from "@/lib/parsers/common";
import { readLeftTable } from "./left-table";

export interface CrictlContainerRecord {
  id: string;
  image?: string;
  created?: string;
  state?: string;
  name?: string;
  attempt?: number;
  podId?: string;
  pod?: string;
  namespace?: string;
  line: number;
}

const isHeader = (l: string) => /^CONTAINER(\s+ID)?\s+IMAGE\s/.test(l);

export const parser: ArtifactParser<CrictlContainerRecord> = {
  kind: "crictl-ps",
  parse(text) {
    const { rows, out, notData } = readLeftTable<CrictlContainerRecord>(text, { isHeader, multiWord: ["CONTAINER ID", "POD ID"] });
    if (notData) return { ...out.done(), notData };
    for (const { cells: c, line, text: t } of rows) {
      const id = c["CONTAINER ID"] ?? c.CONTAINER ?? "";
      if (!/^[0-9a-f]{6,64}$/.test(id)) {
        out.skip(line, t, "container id is not hex");
        continue;
      }
      const rec: CrictlContainerRecord = { id, line };
      const put = <K extends keyof CrictlContainerRecord>(k: K, v: CrictlContainerRecord[K] | undefined) => {
        if (v !== undefined && v !== "") rec[k] = v;
      };
      put("image", c.IMAGE);
      put("created", c.CREATED);
      put("state", c.STATE);
      put("name", c.NAME);
      put("attempt", toInt(c.ATTEMPT));
      put("podId", c["POD ID"]);
      put("pod", c.POD);
      put("namespace", c.NAMESPACE);
      out.records.push(rec);
    }
    return out.done();
  },
};
