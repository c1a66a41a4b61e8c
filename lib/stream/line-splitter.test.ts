import { describe, expect, it } from "vitest";
import { forEachLine } from "@/lib/stream/line-splitter";

async function* from(parts: (string | Buffer)[]): AsyncIterable<Buffer> {
  for (const p of parts) yield Buffer.isBuffer(p) ? p : Buffer.from(p);
}

async function lines(parts: (string | Buffer)[], maxLine?: number): Promise<string[]> {
  const out: string[] = [];
  await forEachLine(from(parts), "utf8", (l, n) => out.push(`${n}:${l}`), { maxLine });
  return out;
}

describe("forEachLine", () => {
  it("joins lines split across chunks and numbers them from 1", async () => {
    expect(await lines(["a\nb", "c\n", "d\n\ne"])).toEqual(["1:a", "2:bc", "3:d", "4:", "5:e"]);
  });

  it("decodes a multi-byte character split between two chunks", async () => {
    const euro = Buffer.from("x€y\n");
    expect(await lines([euro.subarray(0, 2), euro.subarray(2)])).toEqual(["1:x€y"]);
  });

  it("cuts an over-long line and drops its rest, within one chunk and across chunks", async () => {
    expect(await lines(["abcdefgh\nok\n"], 4)).toEqual(["1:abcd", "2:ok"]);
    expect(await lines(["abc", "def", "ghi", "jk\nok\n"], 4)).toEqual(["1:abcd", "2:ok"]);
  });

  it("gives no line for an empty stream and no extra line after a final newline", async () => {
    expect(await lines([])).toEqual([]);
    expect(await lines(["a\n"])).toEqual(["1:a"]);
  });
});

/** A block scan: the indices of the block's lines that contain an X. */
const linesWithX = async (parts: Buffer[], enc: BufferEncoding) =>
  Int32Array.from(Buffer.concat(parts).toString(enc).split("\n").flatMap((l, i) => (l.includes("X") ? [i] : [])));

describe("forEachLine with a block scan", () => {
  const run = async (parts: string[], start: (bytes: Buffer[], encoding: BufferEncoding) => Promise<Int32Array | null>) => {
    const out: string[] = [];
    await forEachLine(from(parts), "utf8", (l, n, hit) => out.push(`${n}:${l}:${hit ? "hit" : "-"}`), { scan: { start } });
    return out;
  };

  it("marks the lines whose index the scan returned, block by block, in order", async () => {
    expect(await run(["aa\nbX", "b\ncc\nX", "\ndd"], linesWithX)).toEqual(["1:aa:-", "2:bXb:hit", "3:cc:-", "4:X:hit", "5:dd:hit"]);
  });

  it("counts every line as a hit when the scan answers null, fails or throws", async () => {
    const expected = ["1:a:hit", "2:b:hit"];
    expect(await run(["a\nb\n"], async () => null)).toEqual(expected);
    expect(await run(["a\nb\n"], () => Promise.reject(new Error("worker died")))).toEqual(expected);
    expect(await run(["a\nb\n"], () => { throw new Error("no worker"); })).toEqual(expected);
  });
});

describe("forEachLine on blocks larger than a decoded piece", () => {
  it("gives the same lines and hit lines as a plain split, with multi-byte text across piece edges", async () => {
    const lines = Array.from({ length: 6000 }, (_, i) => (i % 7 === 0 ? `€ line ${i} X` : `line ${i} ${"é".repeat(i % 13)}`));
    const text = `${lines.join("\n")}\n`;
    const bytes = Buffer.from(text);
    // One big chunk and odd-sized chunks: blocks of ~200 KB and of a few KB.
    for (const size of [bytes.length, 4099]) {
      const parts: Buffer[] = [];
      for (let o = 0; o < bytes.length; o += size) parts.push(bytes.subarray(o, o + size));
      const got: string[] = [];
      await forEachLine(from(parts), "utf8", (l, n, hit) => got.push(`${n}:${l}:${hit}`), { scan: { start: linesWithX } });
      expect(got).toEqual(lines.map((l, i) => `${i + 1}:${l}:${l.endsWith("X")}`));
    }
  });

  it("keeps an empty line that starts a chunk", async () => {
    expect(await lines(["a", "\n\nb\n"])).toEqual(["1:a", "2:", "3:b"]);
  });
});
