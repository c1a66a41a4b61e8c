/**
 * Stage 1 of the analysis: read the archive once. Each member is checked by lib/archive,
 * given its kind by lib/bundle, then parsed: whole for small command outputs, line-streamed
 * for journals and logs (each record becomes a timeline event and is matched against the
 * rules' declared log signals), packet-streamed for captures. Produces a ParsedBundle for
 * the model and keeps the command texts for evidence excerpts. One bad member becomes an
 * artifact error; only an archive with nothing readable throws BundleUnusableError.
 */
import { parseManifest, walkBundle, MANIFEST_KIND, type BundleArtifact, type TManifest } from "@/lib/bundle";
import { BufferBody, isArchiveError, summarizeSkipped, type EntryBody } from "@/lib/archive";
import { SNIFF_BYTES, sniffablePath, sniffKind } from "@/lib/bundle/sniff-kind";
import { linkSummary, resolveLinks } from "@/lib/archive/resolve-links";
import { parserFor } from "@/lib/parsers";
import type { BootTimeRecord } from "@/lib/parsers/host/boot-time";
import type { UptimeRecord } from "@/lib/parsers/host/uptime";
import { bundleTimeFacts, timeContextFromBundle, type TimeContext } from "@/lib/time";
import { streamLogArtifact, STREAMED_KINDS } from "@/lib/stream/log-artifact";
import { analyzeCapture } from "@/lib/stream/capture-artifact";
import { ArtifactTexts } from "@/lib/stream/artifact-texts";
import { EventBatcher } from "@/lib/stream/event-batcher";
import { capLines, capWarnings, clipLine, MAX_BUNDLE_ERRORS, MAX_MANIFEST_WARNINGS } from "@/lib/stream/cap-list";
import { BundleUnusableError } from "@/lib/stream/errors";
import { firstOf, type ParsedArtifact, type ParsedBundle } from "@/lib/stream/parsed-bundle";
import { sosCollectedAt } from "@/lib/stream/sos-collected-at";
import type { SignalMatcher } from "@/lib/stream/signal-matcher";
import type { ArtifactInfo, CaptureInfo, LogSignal, StoredArtifactMeta, TimelineEvent } from "@/lib/stream/types";

/** Command outputs larger than this are not parsed whole (a ruleset of 64 MiB is already absurd). */
const MAX_PARSE_BYTES = 64 * 1024 * 1024;
/**
 * Parsed records of all command outputs stay in memory until the model is built; past this
 * many bytes of parsed text, further outputs are stored for the viewer but not parsed, so a
 * hostile bundle of a thousand 60 MiB dumps cannot exhaust memory (logs and captures stream).
 */
const PARSE_BUDGET_BYTES = 192 * 1024 * 1024;

export interface StreamOptions {
  /** The rules' log signals, compiled (lib/stream/signal-matcher). */
  matcher: SignalMatcher;
  /** 0..1 of the archive's bytes read. */
  onProgress?: (fraction: number, message: string) => void;
  /** Called for every timeline event as it is made (journals can hold millions). */
  onEvents?: (batch: TimelineEvent[]) => void | Promise<void>;
  /**
   * Called with each regular file's bytes so the caller can keep it for the artifact
   * viewer. Large bodies (over `storeMaxBytes`) arrive as null and are not buffered.
   */
  onArtifactBody?: (meta: StoredArtifactMeta, body: Buffer | null) => void | Promise<void>;
  storeMaxBytes?: number;
  /** Keep at most this many events in model.timeline (the rest only go to onEvents). */
  timelineKeep?: number;
}

export interface StreamedBundle {
  parsed: ParsedBundle;
  /** The command outputs' texts, for evidence excerpts. */
  texts: ArtifactTexts;
  /** Still open: the later stages add the model's and the findings' events. */
  events: EventBatcher;
  /** Bundle-level problems (archive truncated at offset N, manifest unreadable, ...), capped. */
  errors: string[];
  /** Whether everything was read (false for a truncated archive). */
  complete: boolean;
  /** In-archive links resolved by name: link path → the member or folder it names (archive paths). */
  links: Map<string, string>;
}

/** An error of the caller's own callbacks (storage full, job cancelled): never an artifact error. */
class CallerError extends Error {
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
  }
}

function guarded<A extends unknown[]>(fn: ((...args: A) => unknown) | undefined): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      if (fn) await fn(...args);
    } catch (err) {
      throw new CallerError(err);
    }
  };
}

function artifactInfo(a: BundleArtifact): ArtifactInfo {
  const info: ArtifactInfo = { path: a.path, kind: a.kind, sizeBytes: a.size, records: 0, warnings: [], unparsedLines: 0, error: null };
  if (a.netns !== undefined) info.netns = a.netns;
  if (a.command) {
    const c = a.command;
    info.command = {
      argv: c.argv ?? [], exitCode: c.exitCode ?? null, durationMs: c.durationMs ?? null, timedOut: c.timedOut ?? false,
      truncated: c.truncated ?? false, notFound: c.notFound ?? false, stderr: c.stderr ?? "", netns: c.netns, reachedVia: c.reachedVia,
    };
  }
  return info;
}

/** Time facts for log stamps, from the manifest and the host/uptime|boot-time seen so far. */
function timeContext(manifest: TManifest | null, parsed: ParsedArtifact[]): TimeContext {
  const uptime = firstOf<UptimeRecord>({ artifacts: parsed }, "uptime")?.records[0];
  const boot = firstOf<BootTimeRecord>({ artifacts: parsed }, "boot-time")?.records[0];
  return timeContextFromBundle(bundleTimeFacts({ collectedAt: manifest?.collectedAt ?? sosCollectedAt(parsed), uptime, boot }));
}

/** The artifact kinds the time context reads: only a parsed one of these can change it. */
const TIME_KINDS = new Set(["uptime", "boot-time", "sos-manifest", "sos-log", "date"]);

/** Work counted for tests that check an analysis stays linear in artifacts (hostile-bundle.test.ts). */
export const streamWork = { timeContextBuilds: 0 };

export async function streamBundle(filePath: string, opts: StreamOptions): Promise<StreamedBundle> {
  const parsed: ParsedArtifact[] = [];
  const signals: LogSignal[] = [];
  const captures: CaptureInfo[] = [];
  const texts = new ArtifactTexts();
  const onEvents = guarded(opts.onEvents);
  const onArtifactBody = guarded(opts.onArtifactBody);
  const events = new EventBatcher(opts.onEvents ? onEvents : undefined, opts.timelineKeep ?? 5000);
  const signalCounts = new Map<string, number>();
  let parsedBytes = 0;
  const storeMax = opts.storeMaxBytes ?? 32 * 1024 * 1024;
  let manifest: TManifest | null = null;
  // The time context scans every artifact parsed so far: rebuilt per log artifact, 40k tiny
  // logs cost 40k x 40k. It is rebuilt only when the manifest or a time-relevant artifact changed.
  let timeVersion = 0;
  let timeCache: { manifest: TManifest | null; version: number; ctx: TimeContext } | null = null;
  const timeNow = (m: TManifest | null): TimeContext => {
    if (!timeCache || timeCache.manifest !== m || timeCache.version !== timeVersion) {
      streamWork.timeContextBuilds++;
      timeCache = { manifest: m, version: timeVersion, ctx: timeContext(m, parsed) };
    }
    return timeCache.ctx;
  };

  const handle = async (a: BundleArtifact, body: EntryBody, getManifest: () => TManifest | null) => {
    const info = artifactInfo(a);
    const pa: ParsedArtifact = { info, records: [] };
    if (a.backend) pa.backend = a.backend;
    if (a.netnsName) pa.netnsName = a.netnsName;
    if (a.mtime && !Number.isNaN(a.mtime.getTime())) pa.mtime = a.mtime.toISOString();
    parsed.push(pa);
    const meta = { path: a.path, kind: a.kind, sizeBytes: a.size, mtime: a.mtime ? a.mtime.toISOString() : null };
    // Files copied from the node keep their own modification time: when a log last grew.
    if (meta.mtime && a.path.startsWith("logs/files/")) {
      events.add({ ts: meta.mtime, source: "file", severity: "info", label: a.path.split("/").pop() ?? a.path, text: `last modified on the node: ${a.path}`, artifact: a.path });
    }
    let kind = a.kind;
    const streamLog = async (k: string, src: EntryBody) => {
      const keep: Buffer[] | null = a.size <= storeMax ? [] : null;
      const result = await streamLogArtifact({
        kind: k, path: a.path, body: src, time: timeNow(getManifest()), matcher: opts.matcher, signals, signalCounts,
        emit: (e) => events.add(e), flush: () => events.flush(), tee: keep ? (c) => keep.push(Buffer.from(c)) : undefined,
      });
      info.records = result.recordCount;
      info.warnings = [...info.warnings, ...capWarnings(result.warnings)];
      info.unparsedLines = result.unparsed.length;
      if (result.notData && result.notData.reason !== "empty") info.warnings.push({ message: result.notData.message });
      await onArtifactBody(meta, keep ? Buffer.concat(keep) : null);
    };
    try {
      if (kind && STREAMED_KINDS.has(kind)) return await streamLog(kind, body);
      if (kind === "pcap") {
        captures.push(await analyzeCapture(a.path, body));
        info.records = captures.at(-1)!.packets;
        info.error = captures.at(-1)!.error;
        await onArtifactBody(meta, null);
        return;
      }
      const buf = await body.toBuffer(MAX_PARSE_BYTES);
      // No manifest or layout names it: what its content is (lib/bundle/sniff-kind.ts).
      if (kind === null && buf && sniffablePath(a.path)) {
        const sniffed = sniffKind(buf.subarray(0, SNIFF_BYTES).toString("utf8"));
        if (sniffed) {
          kind = info.kind = meta.kind = sniffed;
          info.warnings.push({ message: `read as ${sniffed}: recognised from its content (no layout names this path)` });
          if (STREAMED_KINDS.has(sniffed)) return await streamLog(sniffed, new BufferBody(buf));
        }
      }
      await onArtifactBody(meta, buf && buf.length <= storeMax ? buf : null);
      const parser = parserFor(kind);
      if (!parser || kind === MANIFEST_KIND) return;
      if (!buf) {
        info.error = `not parsed: ${a.size} bytes is over the ${MAX_PARSE_BYTES}-byte limit for one command output`;
        return;
      }
      if (parsedBytes + buf.length > PARSE_BUDGET_BYTES) {
        info.error = `not parsed: the bundle's command outputs exceed the ${PARSE_BUDGET_BYTES / 1048576} MiB parse budget (stored for viewing)`;
        return;
      }
      parsedBytes += buf.length;
      const text = buf.toString("utf8");
      texts.add(a.path, text);
      const res = parser.parse(text, { path: a.path });
      pa.records = res.records;
      info.records = res.records.length;
      info.warnings = [...info.warnings, ...capWarnings(res.warnings)];
      info.unparsedLines = res.unparsed.length;
      if (res.notData && res.notData.reason !== "empty") info.error = res.notData.message;
    } catch (err) {
      // The caller's failure (cancelled job, full disk) ends the analysis as it is.
      if (err instanceof CallerError) throw err.original;
      // A parser bug or a fault inside this entry: record it on the artifact and go on.
      info.error = err instanceof Error ? err.message : String(err);
      // A fault of the archive itself ends the walk; walkBundle reports it with its offset.
      if (isArchiveError(err)) throw err;
    } finally {
      if (kind && TIME_KINDS.has(kind)) timeVersion++;
    }
  };

  const walk = await walkBundle(filePath, {
    onProgress: (p) => opts.onProgress?.(p.totalBytes ? p.bytesRead / p.totalBytes : 0, "reading archive"),
    onArtifact: async (a, body) => {
      if (a.kind === MANIFEST_KIND) {
        // walkBundle has parsed it already; keep the text for the viewer.
        const buf = await body.toBuffer(16 * 1024 * 1024);
        await onArtifactBody({ path: a.path, kind: a.kind, sizeBytes: a.size, mtime: a.mtime?.toISOString() ?? null }, buf);
        if (buf) manifest = parseManifest(buf.toString("utf8")).manifest;
        return;
      }
      await handle(a, body, () => manifest);
    },
  });
  await events.flush();

  const manifestWarnings = capLines(walk.manifestWarnings, MAX_MANIFEST_WARNINGS, "more manifest warnings");
  const problems: string[] = [...walk.warnings, ...manifestWarnings.map((w) => `manifest: ${w}`)];
  if (walk.error) problems.push(`archive: ${walk.error.message}`);
  // One line per kind of skipped member ("skipped 100000 entries with '..' (a, b, …)"), not one per
  // member; links are resolved by name inside the archive and summed up in one line of their own.
  const isLink = (s: { kind: string }) => s.kind === "symlink" || s.kind === "hardlink";
  problems.push(...summarizeSkipped(walk.skipped.filter((s) => !isLink(s))));
  const links = resolveLinks(walk.skipped.filter(isLink), walk.artifacts.map((a) => a.archivePath));
  const linkLine = linkSummary(links);
  if (linkLine) problems.push(linkLine);
  const errors = capLines(problems.map(clipLine), MAX_BUNDLE_ERRORS);
  if (parsed.length === 0 && !walk.manifest) {
    throw new BundleUnusableError(walk.error ? `cannot read ${filePath}: ${walk.error.message}` : `no files found in ${filePath}`);
  }
  const pb: ParsedBundle = { manifest: walk.manifest, artifacts: parsed, logSignals: signals, logSignalCounts: Object.fromEntries(signalCounts), timeline: events.kept, captures, errors: [] };
  return { parsed: pb, texts, events, errors, complete: walk.complete, links: links.resolved };
}
