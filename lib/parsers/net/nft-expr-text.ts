/**
 * Renders `nft -j` rule expressions back to text close to `nft list ruleset` syntax, so rules
 * from JSON bundles can be shown and searched like text ones. Covers the statements seen on
 * Docker/Kubernetes/firewalld nodes (match, counter, verdicts, nat, vmap, mangle, log, limit,
 * xt); anything else is shown as its JSON key, so nothing is silently dropped. Not a full
 * nft printer: spacing and some operators may differ from nft's own output.
 */

type J = unknown;

const isObj = (v: J): v is Record<string, J> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Left-hand side or value expression. */
export function exprText(v: J): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return v.map(exprText).join(",");
  if (!isObj(v)) return "";
  const [key, body] = Object.entries(v)[0] ?? ["", null];
  const b = isObj(body) ? body : {};
  switch (key) {
    case "payload":
      return b.protocol !== undefined ? `${exprText(b.protocol)} ${exprText(b.field)}` : `@${exprText(b.base)},${exprText(b.offset)},${exprText(b.len)}`;
    case "meta":
      return ["iifname", "oifname", "iif", "oif", "mark", "skuid", "skgid"].includes(String(b.key)) && b.key !== "mark" ? String(b.key) : `meta ${exprText(b.key)}`;
    case "ct":
      return `ct ${b.dir ? `${exprText(b.dir)} ` : ""}${exprText(b.key)}`;
    case "prefix":
      return `${exprText(b.addr)}/${exprText(b.len)}`;
    case "range":
      return Array.isArray(body) ? body.map(exprText).join("-") : "";
    case "set":
      return `{ ${Array.isArray(body) ? body.map(exprText).join(", ") : exprText(body)} }`;
    case "concat":
      return Array.isArray(body) ? body.map(exprText).join(" . ") : "";
    case "fib":
      return `fib ${Array.isArray(b.flags) ? b.flags.map(exprText).join(" . ") : exprText(b.flags)} ${exprText(b.result)}`;
    case "&":
    case "|":
    case "^":
      return Array.isArray(body) ? body.map(exprText).join(` ${key} `) : "";
    default:
      return key;
  }
}

/** One statement of a rule's "expr" array. */
export function statementText(st: J): string {
  if (!isObj(st)) return "";
  const [key, body] = Object.entries(st)[0] ?? ["", null];
  const b = isObj(body) ? body : {};
  switch (key) {
    case "match": {
      const op = String(b.op ?? "==");
      return `${exprText(b.left)} ${op === "==" || op === "in" ? "" : `${op} `}${exprText(b.right)}`;
    }
    case "counter":
      return isObj(body) && body.packets !== undefined ? `counter packets ${exprText(b.packets)} bytes ${exprText(b.bytes)}` : "counter";
    case "jump":
    case "goto":
      return `${key} ${exprText(b.target)}`;
    case "snat":
    case "dnat":
      return `${key} to ${exprText(b.addr)}${b.port !== undefined ? `:${exprText(b.port)}` : ""}`;
    case "vmap":
      return `${exprText(b.key)} vmap ${exprText(b.data)}`;
    case "mangle":
      return `${exprText(b.key)} set ${exprText(b.value)}`;
    case "xt":
      return `xt ${exprText(b.type)} ${exprText(b.name)}`;
    case "log":
      return b.prefix !== undefined ? `log prefix "${exprText(b.prefix)}"` : "log";
    case "limit":
      return `limit rate ${exprText(b.rate)}/${exprText(b.per)}`;
    case "reject":
      return isObj(body) && body.type !== undefined ? `reject with ${exprText(b.type)} ${exprText(b.expr)}`.trim() : "reject";
    default:
      return key; // accept, drop, return, masquerade, notrack, ...
  }
}

export function ruleText(expr: J): string {
  return Array.isArray(expr) ? expr.map(statementText).filter(Boolean).join(" ") : "";
}
