/**
 * Splits the body of one iptables-save rule ("-s 10.0.0.0/8 ! -i lo -p tcp -m tcp --dport 22
 * -j ACCEPT") into matches and the target, keeping negation where it was written.
 *
 * Quirks handled:
 * - `!` comes before the option in 1.4.x+ output (`! -i lo`, `-m conntrack ! --ctstate NEW`);
 *   very old output put it after (`-i ! lo`): both set `negated`.
 * - Values are double-quoted when they contain blanks (`--comment "kube-system/kube-dns:dns"`),
 *   with `\"` escapes inside; quotes are removed from values but kept in `text`.
 * - Everything after `-j TARGET` / `-g CHAIN` belongs to the target (`--to-destination ...`).
 */

export interface IptablesMatchArg {
  name: string; // "--dport"
  value: string; // "22" ("" for flags such as --random-fully or --rcheck)
  negated: boolean;
}

export interface IptablesMatch {
  /** "-p", "-s", "-d", "-i", "-o", "-f", or "-m" for a match module. */
  option: string;
  /** Option value, or the module name for "-m". */
  value: string;
  negated: boolean;
  /** Module options for "-m". */
  args?: IptablesMatchArg[];
}

export interface IptablesRuleBody {
  matches: IptablesMatch[];
  target?: string;
  goto?: boolean;
  targetArgs?: string;
}

/** Shell-like split on blanks honouring double quotes (iptables-save's only quoting). */
export function tokenize(body: string): string[] {
  // Most rules have no quotes: a plain split is several times faster on kube-proxy dumps.
  if (!body.includes('"')) return body.split(/[ \t]+/).filter((t) => t !== "");
  // kube-proxy quotes every --comment: without backslashes a hand-rolled scan gives the same
  // tokens as the regex below at a fraction of its cost (54k such rules in a 200-netns bundle).
  if (!body.includes("\\")) return tokenizeQuoted(body);
  // A token is a run of unquoted characters and quoted strings; an unclosed quote (truncated
  // line) runs to the end of the line.
  const out: string[] = [];
  for (const m of body.matchAll(/(?:[^\s"]+|"(?:[^"\\]|\\.)*(?:"|$))+/g)) {
    out.push(m[0].replace(/"((?:[^"\\]|\\.)*)(?:"|$)/g, (_q, inner: string) => inner.replace(/\\"/g, '"')));
  }
  return out;
}

/** What `\s` matches in a regex: the blanks that separate tokens. */
function isBlank(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** tokenize() for a body with quotes but no backslash: a quote runs to the next quote (or the end). */
function tokenizeQuoted(body: string): string[] {
  const out: string[] = [];
  const n = body.length;
  let i = 0;
  while (i < n) {
    while (i < n && isBlank(body.charCodeAt(i))) i++;
    if (i >= n) break;
    let tok = "";
    let seg = i;
    while (i < n) {
      const c = body.charCodeAt(i);
      if (c === 34 /* " */) {
        const close = body.indexOf('"', i + 1);
        const end = close < 0 ? n : close;
        tok += body.slice(seg, i) + body.slice(i + 1, end);
        i = seg = close < 0 ? n : close + 1;
        continue;
      }
      if (isBlank(c)) break;
      i++;
    }
    out.push(tok + body.slice(seg, i));
  }
  return out;
}

const LONG_TO_SHORT: Record<string, string> = {
  "--protocol": "-p",
  "--source": "-s",
  "--src": "-s",
  "--destination": "-d",
  "--dst": "-d",
  "--in-interface": "-i",
  "--out-interface": "-o",
  "--fragment": "-f",
  "--match": "-m",
  "--jump": "-j",
  "--goto": "-g",
};

const isOption = (t: string | undefined): boolean => t !== undefined && /^--?[A-Za-z]/.test(t);

/** Split tokens (after "-A CHAIN") into matches and target. */
export function splitRuleBody(tokens: string[]): IptablesRuleBody {
  const body: IptablesRuleBody = { matches: [] };
  let i = 0;
  let neg = false;
  while (i < tokens.length) {
    const tok = tokens[i] as string;
    if (tok === "!") {
      neg = true;
      i++;
      continue;
    }
    const opt = LONG_TO_SHORT[tok] ?? tok;
    i++;
    if (opt === "-j" || opt === "-g") {
      body.target = tokens[i];
      if (opt === "-g") body.goto = true;
      const rest = tokens.slice(i + 1);
      if (rest.length > 0) body.targetArgs = rest.join(" ");
      break;
    }
    if (opt === "-m") {
      // "! -m x" or "-m ! x" (old placement of the bang); written out, not a closure: this
      // runs for every rule of a kube-proxy ruleset.
      const negated = neg || tokens[i] === "!";
      if (tokens[i] === "!") i++;
      neg = false;
      const match: IptablesMatch = { option: "-m", value: tokens[i] ?? "", negated, args: [] };
      i++;
      while (i < tokens.length && (tokens[i]?.startsWith("--") || (tokens[i] === "!" && tokens[i + 1]?.startsWith("--")))) {
        let argNeg = false;
        if (tokens[i] === "!") {
          argNeg = true;
          i++;
        }
        const name = tokens[i] as string;
        if (LONG_TO_SHORT[name]) break; // "--jump" etc. end the module options
        i++;
        const vals: string[] = [];
        while (i < tokens.length && !isOption(tokens[i]) && tokens[i] !== "!") vals.push(tokens[i++] as string);
        // "--ctstate ! NEW" (old placement of the bang inside a module option)
        if (tokens[i] === "!" && !isOption(tokens[i + 1]) && tokens[i + 1] !== undefined && vals.length === 0) {
          argNeg = true;
          i++;
          vals.push(tokens[i++] as string);
        }
        match.args?.push({ name, value: vals.join(" "), negated: argNeg });
      }
      body.matches.push(match);
      continue;
    }
    if (opt === "-f") {
      body.matches.push({ option: "-f", value: "", negated: neg });
      neg = false;
      continue;
    }
    const negated = neg || tokens[i] === "!";
    if (tokens[i] === "!") i++;
    neg = false;
    body.matches.push({ option: opt, value: tokens[i] ?? "", negated });
    i++;
  }
  return body;
}

/** Display form of one match, as iptables-save would print it. */
export function matchText(m: IptablesMatch): string {
  const head = `${m.negated ? "! " : ""}${m.option}${m.value ? ` ${m.value}` : ""}`;
  const args = (m.args ?? []).map((a) => `${a.negated ? "! " : ""}${a.name}${a.value ? ` ${a.value}` : ""}`);
  return [head, ...args].join(" ");
}
