/**
 * Golden-fixture helper shared by all parser tests (STYLE habit 9).
 *
 * `runGoldenTests(parser, "sysctl")` discovers lib/parsers/fixtures/sysctl--*.txt, parses each
 * and compares the whole ParseResult with the sibling sysctl--<case>.json. The separator is
 * "--" so the prefix "lsns" never picks up "lsns-json--x.txt". A parser with no fixture at all
 * fails, so a renamed prefix cannot silently turn the suite into a no-op.
 *
 * Regenerate on purpose only: `UPDATE_GOLDEN=1 npx vitest run lib/parsers/host/sysctl.test.ts`
 * writes the .json files; then review every diff by eye before committing.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ArtifactParser, ParseResult } from "@/lib/parsers/types";

export const FIXTURES_DIR = path.resolve(__dirname, "../../lib/parsers/fixtures");

const UPDATE = process.env.UPDATE_GOLDEN === "1";

/** Names (without .txt) of the fixtures for one artifact prefix, sorted. */
export function listFixtures(artifactPrefix: string): string[] {
  if (!fs.existsSync(FIXTURES_DIR)) return [];
  const head = `${artifactPrefix}--`;
  return fs
    .readdirSync(FIXTURES_DIR)
    .filter((f) => f.startsWith(head) && f.endsWith(".txt"))
    .map((f) => f.slice(0, -".txt".length))
    .sort();
}

/** Raw text of one fixture, byte-exact (CRLF and missing final newline kept). */
export function loadFixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES_DIR, `${name}.txt`), "utf8");
}

/** Parse one fixture by name with the path the golden files were made with. */
export function parseFixture<R>(parser: ArtifactParser<R>, name: string): ParseResult<R> {
  return parser.parse(loadFixture(name), { path: `fixtures/${name}.txt` });
}

/** Plain JSON shape of a result: drops undefined fields exactly as the .json file does. */
function toPlain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

export function runGoldenTests<R>(parser: ArtifactParser<R>, artifactPrefix: string): void {
  describe(`golden fixtures: ${artifactPrefix}--*`, () => {
    const names = listFixtures(artifactPrefix);

    it("has at least one fixture", () => {
      expect(names, `no lib/parsers/fixtures/${artifactPrefix}--*.txt`).not.toHaveLength(0);
    });

    for (const name of names) {
      it(name, () => {
        const actual = toPlain(parseFixture(parser, name));
        const goldenPath = path.join(FIXTURES_DIR, `${name}.json`);
        if (UPDATE) {
          fs.writeFileSync(goldenPath, `${JSON.stringify(actual, null, 2)}\n`);
          return;
        }
        expect(fs.existsSync(goldenPath), `missing ${name}.json (run with UPDATE_GOLDEN=1, then review it)`).toBe(true);
        const expected: unknown = JSON.parse(fs.readFileSync(goldenPath, "utf8"));
        expect(actual).toEqual(expected);
      });
    }
  });
}
