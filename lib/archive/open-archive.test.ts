import crypto from "node:crypto";
import fs from "node:fs";
import zlib from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openArchive } from "./open-archive";
import { tarEntry, tarOf } from "@/test/support/tar/tar-builder";
import { makeTempDir } from "@/test/support/temp-dir";

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => (tmp = makeTempDir()));
afterEach(() => tmp.cleanup());

describe("openArchive event stream", () => {
  it("yields entries and skips in archive order, then the fault as the last event", async () => {
    const gz = zlib.gzipSync(
      tarOf(
        tarEntry({ name: "a.txt" }, "A"),
        tarEntry({ name: "l", type: "2", linkname: "a.txt" }),
        tarEntry({ name: "b.bin" }, crypto.randomBytes(200_000)),
        tarEntry({ name: "c.bin" }, crypto.randomBytes(200_000)),
      ),
    );
    fs.writeFileSync(tmp.file("t.tgz"), gz.subarray(0, gz.length - 100_000));
    const archive = await openArchive(tmp.file("t.tgz"));
    expect(archive.format).toBe("tar.gz");
    const events: string[] = [];
    for await (const ev of archive.events) {
      if (ev.type === "entry") events.push(`entry ${ev.entry.path}`);
      else if (ev.type === "skipped") events.push(`skipped ${ev.skipped.path}`);
      else events.push(`error ${ev.error.code} ${ev.error.entry}`);
    }
    expect(events).toEqual(["entry a.txt", "skipped l", "entry b.bin", "entry c.bin", "error truncated c.bin"]);
    expect(archive.bytesRead()).toBe(gz.length - 100_000);
  });

  it("reports a missing file as one io-error event", async () => {
    const archive = await openArchive(tmp.file("missing.tgz"));
    const events = [];
    for await (const ev of archive.events) events.push(ev);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "error", error: { code: "io-error" } });
    expect(events[0]?.type === "error" && events[0].error.message).toMatch(/cannot open archive: ENOENT/);
  });
});
