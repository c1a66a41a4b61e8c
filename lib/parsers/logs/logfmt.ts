/**
 * logfmt as logrus (dockerd, containerd) prints it:
 *   time="2026-11-23T12:00:00.123456789Z" level=info msg="Starting up" module=libcontainerd
 * A linear scanner (no regex over the whole line): picks out time/ts, level/lvl and msg, and
 * keeps the other pairs as text so `err="..."` stays in the message.
 */
export interface LogfmtFields {
  time?: string;
  level?: string;
  msg?: string;
  /** Other `key=value` pairs, as printed. */
  rest: string[];
}

/** Go strconv.Quote output is JSON-compatible except \x and \a escapes; fall back to raw. */
function unquote(inner: string): string {
  if (inner.indexOf("\\") < 0) return inner;
  try {
    return JSON.parse(`"${inner}"`) as string;
  } catch {
    return inner;
  }
}

/** null when the line does not start with a `key=` pair. */
export function scanLogfmt(line: string): LogfmtFields | null {
  const out: LogfmtFields = { rest: [] };
  let i = 0;
  const n = line.length;
  let pairs = 0;
  while (i < n) {
    while (i < n && line.charCodeAt(i) === 32) i++;
    const eq = line.indexOf("=", i);
    const sp = line.indexOf(" ", i);
    if (eq < 0 || (sp >= 0 && sp < eq) || eq === i) break;
    const key = line.slice(i, eq);
    let v = eq + 1;
    let value: string;
    if (line[v] === '"') {
      let e = v + 1;
      while (e < n && line[e] !== '"') e += line[e] === "\\" ? 2 : 1;
      value = unquote(line.slice(v + 1, Math.min(e, n)));
      v = e + 1;
    } else {
      const e = line.indexOf(" ", v);
      value = line.slice(v, e < 0 ? n : e);
      v = e < 0 ? n : e;
    }
    if ((key === "time" || key === "ts") && out.time === undefined) out.time = value;
    else if ((key === "level" || key === "lvl") && out.level === undefined) out.level = value;
    else if (key === "msg" && out.msg === undefined) out.msg = value;
    else out.rest.push(line.slice(i, Math.min(v, n)));
    pairs++;
    i = v;
  }
  if (pairs === 0) return null;
  // Anything after the pairs (not key=value) is kept as text too.
  if (i < n) out.rest.push(line.slice(i).trim());
  return out;
}
