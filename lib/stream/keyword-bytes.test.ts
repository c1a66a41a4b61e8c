/**
 * The byte scan must flag exactly the lines a text scan flags: checked against a plain
 * per-line substring test on real journals and on random text built to stress it (keywords
 * at line starts and ends, overlapping and cut-short keywords, multi-byte characters, empty
 * lines), in UTF-8 and latin1.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildKeywordTable, keywordLineIndices } from "@/lib/stream/keyword-bytes";
import { loadRuleSet } from "@/lib/rules";

const KEYWORDS = loadRuleSet().signals.flatMap((s) => s.keywords ?? []);

function naive(text: string, keywords: string[]): number[] {
  const out: number[] = [];
  text.split("\n").forEach((line, i) => {
    if (keywords.some((k) => line.includes(k))) out.push(i);
  });
  return out;
}

function scan(text: string, keywords: string[], encoding: BufferEncoding = "utf8"): number[] {
  const t = buildKeywordTable(keywords);
  if (!t) throw new Error("no table");
  const bytes = Buffer.from(text, encoding);
  return keywordLineIndices(bytes, bytes.length, t);
}

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

describe("keywordLineIndices", () => {
  it("flags the same lines as a per-line substring test in real journals", () => {
    const dir = path.join(__dirname, "../parsers/fixtures");
    const files = fs.readdirSync(dir).filter((f) => f.startsWith("journal--") && f.endsWith(".txt"));
    expect(files.length).toBeGreaterThan(2);
    let flagged = 0;
    for (const f of files) {
      const text = fs.readFileSync(path.join(dir, f), "utf8");
      const want = naive(text, KEYWORDS);
      expect(scan(text, KEYWORDS), f).toEqual(want);
      flagged += want.length;
    }
    expect(flagged).toBeGreaterThan(10);
  });

  it("flags the same lines as a substring test in random text, UTF-8 and latin1", () => {
    const words = ["Stopped", "panic:", "does not exist", "ab", "abab", "xyzzy", "Started "];
    const pieces = [...words, ...words.map((w) => w.slice(0, -1)), "a", "b", " ", "\n", "\n\n", "é", "€", "日本", "\u00ff", "xyz", "Stoppe\nd", "pa"];
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      let text = "";
      const n = r(60);
      for (let i = 0; i < n; i++) text += pieces[r(pieces.length)];
      expect(scan(text, words), `seed ${seed}`).toEqual(naive(text, words));
      // latin1 cannot hold € or 日本: only the characters it can are compared that way.
      const l1 = text.replace(/[^\x00-\xff]/g, "?");
      expect(scan(l1, words, "latin1"), `seed ${seed} latin1`).toEqual(naive(l1, words));
    }
  });

  it("finds keywords at the very start and end of a block and on the last line", () => {
    expect(scan("panic: x", ["panic:"])).toEqual([0]);
    expect(scan("x\n\nfoo panic:", ["panic:"])).toEqual([2]);
    expect(scan("panic:\npanic:\n", ["panic:"])).toEqual([0, 1]);
    expect(scan("pani", ["panic:"])).toEqual([]);
    expect(scan("", ["panic:"])).toEqual([]);
  });

  it("declines keywords it cannot match as bytes", () => {
    expect(buildKeywordTable([])).toBeNull();
    expect(buildKeywordTable(["x"])).toBeNull();
    expect(buildKeywordTable(["café"])).toBeNull();
    expect(buildKeywordTable(["a\tb"])).toBeNull();
    expect(buildKeywordTable(["ok", "fine"])?.m).toBe(2);
  });
});
