// Pseudonymisation of text that leaves the installation through a read-only incident link.
//
// A pseudonymiser rewrites IPv4 and IPv6 addresses, MAC (and InfiniBand) hardware addresses and the
// given host names in free text: finding titles, explanations, remediations, entity names and evidence
// excerpt lines (ip addr / ip route / iptables-save / ss / conntrack / journal / mountinfo output).
// It is pure apart from node:crypto's HMAC and keeps everything in memory: one pseudonymiser per link.
//
// Properties
// - Consistent: within one pseudonymiser the same address (however it is written: upper/lower case,
//   compressed or not, ::ffff:a.b.c.d or ::ffff:xxxx:xxxx) always becomes the same pseudonym.
// - Deterministic: every pseudonym is a function of the secret and the original only (HMAC-SHA256 keyed
//   by the secret), so two pseudonymisers with the same secret agree and different secrets disagree.
// - IPv4 and IPv6 are prefix-preserving (the Crypto-PAn construction with HMAC instead of AES): output
//   bit i = input bit i XOR f(first i input bits). Two addresses sharing exactly their first k bits map
//   to outputs sharing exactly their first k bits, so subnets stay subnets and "is X inside Y/n" answers
//   the same. Host bits are pseudonymised too: the network address 198.18.0.0 of 198.18.0.0/24 maps to
//   an address whose first 24 bits are those of every pseudonymised host of that subnet, but whose last
//   8 bits are usually not zero (and a subnet's broadcast address is usually not .255 any more). The
//   mapping is context free on purpose: "198.18.0.0" alone and in "198.18.0.0/24" map alike.
// - CIDR suffixes (/24), ports (1.2.3.4:8080, [2001:db8::1]:443, ::ffff:1.2.3.4:5432), zone ids
//   (fe80::1%eth0) and everything that is not an address are left as they were.
//
// Recognisable addresses. f is forced to 0 on the prefixes leading to (and inside) the ranges below,
// which keeps them where they are (this is the only way a prefix-preserving bijection can fix them):
// - IPv4 unchanged: 0.0.0.0/8, 127.0.0.0/8, 224.0.0.0/4 multicast, 240.0.0.0/4 (reserved, includes
//   255.255.255.255 and netmasks such as 255.255.255.0), 169.254.169.254 (the cloud metadata address).
// - IPv4 range kept, rest pseudonymised: 10/8, 172.16/12, 192.168/16 (RFC 1918), 100.64/10 (CGNAT),
//   169.254/16 (link-local). Whether traffic is private or public matters for NAT/routing findings.
// - IPv6 unchanged: ff00::/8 multicast (except the solicited-node groups ff02::1:ffXX:XXXX, whose last
//   24 bits come from a unicast address and are pseudonymised), :: and ::1.
// - IPv6 range kept: fe80::/64 link-local, fc00::/7 unique-local, ::ffff:0:0/96 IPv4-mapped (whose last
//   32 bits are the IPv4 pseudonym of the embedded address, written in mixed notation).
// - IPv6 interface identifiers (the last 64 bits): leading zero bits are kept up to and including the
//   first one bit, so 2001:db8:18::/64 becomes p:q:r:s::/64 and its router 2001:db8:18::1 becomes
//   p:q:r:s::1 (small hand-numbered IIDs stay small; SLAAC/EUI-64/random IIDs are pseudonymised).
// Price of the above: a public address keeps its leading bits up to the first bit where it leaves the
// paths to those ranges (e.g. 2000::/3 global unicast stays in 2000::/3, 52.x.y.z stays in 32.0.0.0/3).
// The pseudonyms hide the addresses, not the structure of the network.
//
// MAC addresses (aa:bb:cc:dd:ee:ff or aa-bb-cc-dd-ee-ff, any case; output lower case with the input's
// separator): unicast addresses keep the two low bits of the first octet (group and locally
// administered bits) and get the rest from HMAC; 00:00:00:00:00:00 and group addresses (broadcast,
// 01:80:c2:.., 01:00:5e:.., 33:33:..) are unchanged, except the solicited-node 33:33:ff:XX:XX:XX whose
// last 24 bits follow the pseudonym of ff02::1:ffXX:XXXX. iproute2's bridge ids (8000.2:37:dc:54:f0:d4,
// octets not zero-padded) are rewritten with the same MAC pseudonym. 20-octet InfiniBand hardware
// addresses keep their first 4 octets (flags, QPN) and pseudonymise the GID (last 16) as an IPv6 address.
// EC2-style names ip-10-0-1-23 are rewritten with the IPv4 pseudonym of 10.0.1.23 (ip-w-x-y-z).
//
// Host names: only the names given (say the node's host name from the bundle header), plus the first
// label of each given FQDN, matched case-insensitively as whole tokens (not inside a longer
// [A-Za-z0-9_.-] token, so host "vm" does not touch vm.swappiness or kvm), become host-<6 hex>; an FQDN and
// its short name share the pseudonym. "localhost" (and localhost.localdomain) is never rewritten.
//
// Tokenisation (one pass of one regular expression whose alternatives all have bounded length, so the
// cost is linear in the input; no alternative can backtrack over an unbounded stretch):
// - IPv4 needs four decimal octets 0-255 without leading zeros, and is not matched inside a longer
//   dotted number (1.2.3.4.5, 10.1.2.3.4) or glued to letters or digits (v1.2.3.4, 1.2.3.4rc1). A bare
//   1.2.3.4 that is a version number is indistinguishable from an address and is rewritten.
// - IPv6 needs at least two colons, at most 8 groups of 1-4 hex digits, at most one "::", and must not
//   start inside a longer token; times (12:34:56, 10:20:30.5) are never valid (3 groups, no "::").
//   Old ss/netstat notation without brackets is understood where it is unambiguous: ":::22" (:: port 22),
//   "::1:631" (::1 port 631), "::ffff:1.2.3.4:5432" and "fe80::1%eth0:123".
// - A MAC needs exactly 6 (or 20, InfiniBand) groups of exactly 2 hex digits with one separator kind.
//
// `mapping` maps the canonical form of every original that was rewritten (IPv4 dotted quad, IPv6 in
// RFC 5952 form, MAC in lower case with ':', host name in lower case) to its pseudonym, for the link
// creator's review. Unchanged special addresses are not listed. Idempotence is not a goal: running the
// output through the pseudonymiser again rewrites it again.

import { createHmac } from "node:crypto";

export type TPseudonymiser = { text(s: string): string; readonly mapping: ReadonlyMap<string, string> };

// ---------------------------------------------------------------------------------------------------
// Bit-string helpers (addresses are handled as strings of '0'/'1': simple, and fast enough with caches)

function v4ToBits(octets: readonly number[]): string {
  let s = "";
  for (const o of octets) s += o.toString(2).padStart(8, "0");
  return s;
}

function bitsToOctets(bits: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < bits.length; i += 8) out.push(parseInt(bits.slice(i, i + 8), 2));
  return out;
}

function wordsToBits(words: readonly number[]): string {
  let s = "";
  for (const w of words) s += w.toString(2).padStart(16, "0");
  return s;
}

function bitsToWords(bits: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < bits.length; i += 16) out.push(parseInt(bits.slice(i, i + 16), 2));
  return out;
}

function cidrBits(octetsOrWords: readonly number[], width: 8 | 16, len: number): string {
  const bits = width === 8 ? v4ToBits(octetsOrWords) : wordsToBits(octetsOrWords);
  return bits.slice(0, len);
}

// Every proper prefix of each range's network bits: f is 0 there, so the range maps onto itself.
function pathPrefixes(ranges: readonly string[]): Set<string> {
  const set = new Set<string>();
  for (const r of ranges) for (let i = 0; i < r.length; i++) set.add(r.slice(0, i));
  return set;
}

// IPv4 ranges
const V4_IDENTITY = [
  cidrBits([0, 0, 0, 0], 8, 8),
  cidrBits([127, 0, 0, 0], 8, 8),
  cidrBits([224, 0, 0, 0], 8, 4),
  cidrBits([240, 0, 0, 0], 8, 4),
  cidrBits([169, 254, 169, 254], 8, 32),
];
const V4_KEEP_RANGE = [
  cidrBits([10, 0, 0, 0], 8, 8),
  cidrBits([172, 16, 0, 0], 8, 12),
  cidrBits([192, 168, 0, 0], 8, 16),
  cidrBits([100, 64, 0, 0], 8, 10),
  cidrBits([169, 254, 0, 0], 8, 16),
];
const V4_PATHS = pathPrefixes([...V4_IDENTITY, ...V4_KEEP_RANGE]);

function v4Identity(p: string): boolean {
  for (const r of V4_IDENTITY) if (p.length >= r.length && p.startsWith(r)) return true;
  return false;
}

// IPv6 ranges
const V6_MULTICAST = cidrBits([0xff00, 0, 0, 0, 0, 0, 0, 0], 16, 8);
const V6_SOLICITED = cidrBits([0xff02, 0, 0, 0, 0, 1, 0xff00, 0], 16, 104);
const V6_V4MAPPED = cidrBits([0, 0, 0, 0, 0, 0xffff, 0, 0], 16, 96);
const V6_PATHS = pathPrefixes([
  V6_MULTICAST,
  V6_SOLICITED,
  V6_V4MAPPED,
  cidrBits([0xfe80, 0, 0, 0, 0, 0, 0, 0], 16, 64),
  cidrBits([0xfc00, 0, 0, 0, 0, 0, 0, 0], 16, 7),
]);

function v6Forced(p: string): boolean {
  if (V6_PATHS.has(p)) return true;
  if (p.length >= 8 && p.startsWith(V6_MULTICAST) && !(p.length >= 104 && p.startsWith(V6_SOLICITED))) return true;
  // Leading zero bits of the interface identifier (bits 64..) are kept, up to and including the first 1.
  if (p.length >= 64 && p.indexOf("1", 64) === -1) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------------
// Parsing and formatting

const OCTET_RE = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function parseV4(s: string): number[] | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!OCTET_RE.test(p)) return null;
    out.push(Number(p));
  }
  return out;
}

const HEXGROUP_RE = /^[0-9a-f]{1,4}$/i;

/** Parses an IPv6 address without zone or prefix length into 8 16-bit words, or null. */
function parseV6(s: string): number[] | null {
  let head = s;
  let v4: number[] | null = null;
  const lastColon = s.lastIndexOf(":");
  if (lastColon < 0) return null;
  if (s.indexOf(".", lastColon) >= 0) {
    v4 = parseV4(s.slice(lastColon + 1));
    if (!v4) return null;
    // "::1.2.3.4" -> head "::" (keep the colon of a "::"), "1:2:3:4:5:6:1.2.3.4" -> head "1:2:3:4:5:6"
    head = s.slice(0, lastColon + 1);
    if (!head.endsWith("::")) head = head.slice(0, -1);
  }
  const want = v4 ? 6 : 8;
  const dbl = head.indexOf("::");
  if (dbl >= 0 && head.indexOf("::", dbl + 1) >= 0) return null;
  const parseGroups = (part: string): number[] | null => {
    if (part === "") return [];
    const out: number[] = [];
    for (const g of part.split(":")) {
      if (!HEXGROUP_RE.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  let words: number[];
  if (dbl >= 0) {
    const left = parseGroups(head.slice(0, dbl));
    const right = parseGroups(head.slice(dbl + 2));
    if (!left || !right) return null;
    const missing = want - left.length - right.length;
    if (missing < 1) return null;
    words = [...left, ...new Array<number>(missing).fill(0), ...right];
  } else {
    const all = parseGroups(head);
    if (!all || all.length !== want) return null;
    words = all;
  }
  if (v4) words.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
  return words;
}

function isV4Mapped(words: readonly number[]): boolean {
  return words[0] === 0 && words[1] === 0 && words[2] === 0 && words[3] === 0 && words[4] === 0 && words[5] === 0xffff;
}

/** RFC 5952 text: lower case, no leading zeros, longest run (>= 2) of zero groups as "::" (first on a tie);
 * IPv4-mapped addresses in mixed notation (::ffff:1.2.3.4). */
function formatV6(words: readonly number[]): string {
  if (isV4Mapped(words)) {
    const a = words[6] ?? 0;
    const b = words[7] ?? 0;
    return `::ffff:${a >> 8}.${a & 0xff}.${b >> 8}.${b & 0xff}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number) =>
    words
      .slice(from, to)
      .map((w) => w.toString(16))
      .join(":");
  if (bestLen < 2) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}

function hmac(secret: string, label: string): Buffer {
  return createHmac("sha256", secret).update(label).digest();
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const isWordCode = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95; // [0-9A-Za-z_]
const isDigitCode = (c: number) => c >= 48 && c <= 57;

// ---------------------------------------------------------------------------------------------------
// The token expression. Alternatives, tried in this order at each position:
//   host  one of the given host names (inserted per pseudonymiser)
//   br    iproute2 bridge id: 4 hex digits, '.', MAC with unpadded octets
//   hw    MAC (6 octets) or InfiniBand (20 octets) hardware address
//   ec2   ip-a-b-c-d
//   v6    IPv6 candidate (validated in code), with optional embedded IPv4 tail and zone
//   v4    IPv4

const H = "[0-9a-f]";
const OCT = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const V4 = `${OCT}(?:\\.${OCT}){3}`;
const TOKEN_ALTERNATIVES = [
  `(?<![0-9a-z_.:-])(?<br>${H}{4}\\.${H}{1,2}(?::${H}{1,2}){5})(?![0-9a-z_:-])`,
  `(?<![0-9a-z_:-])(?<hw>${H}{2}(?<sep>[:-])${H}{2}(?:\\k<sep>${H}{2}){4}(?:(?:\\k<sep>${H}{2}){14})?)(?![0-9a-z_:-])`,
  `(?<![0-9a-z_.-])(?<ec2>ip-\\d{1,3}-\\d{1,3}-\\d{1,3}-\\d{1,3})(?![0-9a-z_]|-\\d)`,
  `(?<![0-9a-z_:.])(?<v6>(?:${H}{0,4}:){2,8}(?:${V4}|${H}{1,4})?(?:%[0-9a-z_.-]{1,64})?)`,
  `(?<![0-9a-z_]|\\d\\.)(?<v4>${V4})(?![0-9a-z_]|\\.\\d)`,
];

const NEVER_HOSTS = new Set(["localhost", "localhost.localdomain", "localhost6", "localhost6.localdomain6"]);

type TGroups = { host?: string; br?: string; hw?: string; ec2?: string; v6?: string; v4?: string };

// ---------------------------------------------------------------------------------------------------

export function createPseudonymiser(opts: { secret: string; hostnames?: string[] }): TPseudonymiser {
  const secret = opts.secret;
  const mapping = new Map<string, string>();
  const bitCache = new Map<string, number>();
  const v4Cache = new Map<string, string>(); // dotted -> dotted
  const v6Cache = new Map<string, number[]>(); // 128-bit string -> words
  const macCache = new Map<string, number[]>(); // normalised -> bytes
  const macTaken = new Map<string, string>(); // pseudonym -> original (collision guard)

  const prfBit = (label: string): number => {
    let b = bitCache.get(label);
    if (b === undefined) {
      b = (hmac(secret, label)[0] ?? 0) & 1;
      bitCache.set(label, b);
    }
    return b;
  };

  const record = (orig: string, pseudo: string) => {
    if (orig !== pseudo && !mapping.has(orig)) mapping.set(orig, pseudo);
  };

  // IPv4 ---------------------------------------------------------------------------------------------
  const mapV4Bits = (bits: string): string => {
    let out = "";
    for (let i = 0; i < 32; i++) {
      const p = bits.slice(0, i);
      if (v4Identity(p)) return out + bits.slice(i);
      const flip = V4_PATHS.has(p) ? 0 : prfBit(`v4:${i}:${p}`);
      out += (bits.charCodeAt(i) - 48) ^ flip ? "1" : "0";
    }
    return out;
  };

  const mapV4 = (octets: readonly number[]): string => {
    const orig = octets.join(".");
    let out = v4Cache.get(orig);
    if (out === undefined) {
      out = bitsToOctets(mapV4Bits(v4ToBits(octets))).join(".");
      v4Cache.set(orig, out);
      record(orig, out);
    }
    return out;
  };

  // IPv6 ---------------------------------------------------------------------------------------------
  const mapV6Words = (words: readonly number[]): number[] => {
    const bits = wordsToBits(words);
    let out = v6Cache.get(bits);
    if (out) return out;
    if (isV4Mapped(words)) {
      const w6 = words[6] ?? 0;
      const w7 = words[7] ?? 0;
      const v4 = mapV4([w6 >> 8, w6 & 0xff, w7 >> 8, w7 & 0xff]).split(".").map(Number);
      out = [0, 0, 0, 0, 0, 0xffff, ((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0)];
    } else {
      let o = "";
      for (let i = 0; i < 128; i++) {
        const p = bits.slice(0, i);
        const flip = v6Forced(p) ? 0 : prfBit(`v6:${i}:${p}`);
        o += (bits.charCodeAt(i) - 48) ^ flip ? "1" : "0";
      }
      out = bitsToWords(o);
    }
    v6Cache.set(bits, out);
    record(formatV6(words), formatV6(out));
    return out;
  };

  // MAC ----------------------------------------------------------------------------------------------
  const macText = (b: readonly number[]) => b.map((x) => x.toString(16).padStart(2, "0")).join(":");

  const mapMac = (bytes: readonly number[]): number[] => {
    const orig = macText(bytes);
    const cached = macCache.get(orig);
    if (cached) return cached;
    const b0 = bytes[0] ?? 0;
    let out: number[];
    if (bytes.length === 20) {
      const gid: number[] = [];
      for (let i = 4; i < 20; i += 2) gid.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
      const g = mapV6Words(gid);
      out = [...bytes.slice(0, 4)];
      for (const w of g) out.push(w >> 8, w & 0xff);
    } else if (bytes.every((x) => x === 0)) {
      out = [...bytes];
    } else if (b0 & 1) {
      // group address: not a hardware identifier, except solicited-node groups (33:33:ff + 24 IID bits)
      if (b0 === 0x33 && bytes[1] === 0x33 && bytes[2] === 0xff) {
        const sn = [0xff02, 0, 0, 0, 0, 1, 0xff00 | (bytes[3] ?? 0), ((bytes[4] ?? 0) << 8) | (bytes[5] ?? 0)];
        const m = mapV6Words(sn);
        out = [0x33, 0x33, 0xff, (m[6] ?? 0) & 0xff, (m[7] ?? 0) >> 8, (m[7] ?? 0) & 0xff];
      } else out = [...bytes];
    } else {
      out = [];
      for (let n = 0; ; n++) {
        const h = hmac(secret, n === 0 ? `mac:${orig}` : `mac:${orig}:${n}`);
        out = [((h[0] ?? 0) & 0xfc) | (b0 & 0x03), ...h.subarray(1, 6)];
        const t = macText(out);
        const owner = macTaken.get(t);
        if ((owner === undefined || owner === orig) && !out.every((x) => x === 0) && t !== orig) {
          macTaken.set(t, orig);
          break;
        }
      }
    }
    macCache.set(orig, out);
    record(orig, macText(out));
    return out;
  };

  // Host names -----------------------------------------------------------------------------------------
  const hostPseudo = new Map<string, string>(); // lower-case name -> pseudonym
  const hostTaken = new Set<string>();
  for (const raw of opts.hostnames ?? []) {
    const fqdn = raw.trim().toLowerCase().replace(/\.+$/, "");
    if (fqdn === "" || NEVER_HOSTS.has(fqdn) || parseV4(fqdn) || parseV6(fqdn)) continue;
    let pseudo = hostPseudo.get(fqdn);
    if (!pseudo) {
      for (let n = 0; ; n++) {
        pseudo = `host-${hmac(secret, n === 0 ? `host:${fqdn}` : `host:${fqdn}:${n}`).toString("hex").slice(0, 6)}`;
        if (!hostTaken.has(pseudo)) break;
      }
      hostTaken.add(pseudo);
      hostPseudo.set(fqdn, pseudo);
    }
    const short = fqdn.split(".")[0] ?? "";
    if (short !== fqdn && short !== "" && !NEVER_HOSTS.has(short) && !hostPseudo.has(short)) hostPseudo.set(short, pseudo);
  }
  const hostNames = [...hostPseudo.keys()].sort((a, b) => b.length - a.length);
  const alternatives = [...TOKEN_ALTERNATIVES];
  if (hostNames.length > 0) {
    alternatives.unshift(
      `(?<![0-9a-z_.-])(?<host>${hostNames.map(escapeRe).join("|")})(?![0-9a-z_-]|\\.[0-9a-z_-])`,
    );
  }
  const tokenRe = new RegExp(alternatives.join("|"), "gi");

  // Token handlers ------------------------------------------------------------------------------------
  const onV4Tail = (cand: string, next: number, after: number): string => {
    // a rejected IPv6 candidate that ends in a dotted quad: treat that quad as IPv4 on its own
    const m = /(?:^|:)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(cand);
    if (!m || !m[1]) return cand;
    const octets = parseV4(m[1]);
    if (!octets || isWordCode(next) || (next === 46 && isDigitCode(after))) return cand;
    return cand.slice(0, cand.length - m[1].length) + mapV4(octets);
  };

  const onV6 = (m: string, end: number, s: string): string => {
    const next = s.charCodeAt(end);
    const after = s.charCodeAt(end + 1);
    const pct = m.indexOf("%");
    const addr = pct >= 0 ? m.slice(0, pct) : m;
    const zone = pct >= 0 ? m.slice(pct) : "";
    if (/^:::(?:\d{1,5})?$/.test(addr)) return m; // old ss/netstat: :: followed by :port
    if (/^::1:\d{1,5}$/.test(addr) && zone === "") return m; // old ss/netstat: ::1 followed by :port
    // boundary after the candidate
    if (isWordCode(next) || (next === 46 && isDigitCode(after))) return onV4Tail(m, next, after);
    const hasV4Tail = addr.lastIndexOf(".") > addr.lastIndexOf(":");
    if (next === 58 /* ':' */ && !hasV4Tail && zone === "") return onV4Tail(m, next, after);
    const words = parseV6(addr);
    if (!words) return onV4Tail(m, next, after);
    const out = mapV6Words(words);
    // an address that maps onto itself (::, ::1, multicast, "0::" in a cgroup path) keeps its spelling
    return out.every((w, i) => w === words[i]) ? m : formatV6(out) + zone;
  };

  const onHw = (m: string, sep: string): string => {
    const bytes = m.split(sep).map((x) => parseInt(x, 16));
    const out = mapMac(bytes);
    return out.every((b, i) => b === bytes[i]) ? m : macText(out).split(":").join(sep);
  };

  const onBridgeId = (m: string): string => {
    const dot = m.indexOf(".");
    const bytes = m
      .slice(dot + 1)
      .split(":")
      .map((x) => parseInt(x, 16));
    const out = mapMac(bytes);
    if (out.every((b, i) => b === bytes[i])) return m;
    return `${m.slice(0, dot + 1)}${out.map((x) => x.toString(16)).join(":")}`;
  };

  const onEc2 = (m: string): string => {
    const octets = parseV4(m.slice(3).split("-").join("."));
    if (!octets) return m;
    return `${m.slice(0, 3)}${mapV4(octets).split(".").join("-")}`;
  };

  const text = (s: string): string =>
    s.replace(tokenRe, (...args: unknown[]) => {
      const m = args[0] as string;
      const g = args[args.length - 1] as TGroups;
      const offset = args[args.length - 3] as number;
      if (g.host !== undefined) {
        const key = g.host.toLowerCase();
        const pseudo = hostPseudo.get(key);
        if (!pseudo) return m;
        record(key, pseudo);
        return pseudo;
      }
      if (g.br !== undefined) return onBridgeId(m);
      if (g.hw !== undefined) return onHw(m, (g as { sep?: string }).sep ?? ":");
      if (g.ec2 !== undefined) return onEc2(m);
      if (g.v6 !== undefined) return onV6(m, offset + m.length, s);
      if (g.v4 !== undefined) {
        const octets = parseV4(m);
        return octets ? mapV4(octets) : m;
      }
      return m;
    });

  return { text, mapping };
}
