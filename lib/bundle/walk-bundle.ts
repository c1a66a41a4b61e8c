/**
 * walkBundle: one streaming pass over a bundle archive that hands each regular file to the
 * caller with its artifact kind. The kind comes from the manifest's commands[].kind (by
 * output path) when manifest.json has been seen, else from the layout registry. The
 * manifest is normally the first member; when it comes later, entries before it keep
 * their layout kinds (nothing is held back waiting for it) and a warning says so.
 */
import { BufferBody, openArchive, isArchiveError, type ArchiveError, type EntryBody, type SkippedEntry } from "@/lib/archive";
import { matchLayout, type LayoutId } from "./layout";
import { MANIFEST_FORMAT, parseManifest, type ManifestCommand, type TManifest } from "./manifest";
import { TopFolderStripper } from "./top-folder";
import { MANIFEST_KIND, type BundleArtifact, type WalkBundleOptions, type WalkBundleResult } from "./types";

const DEFAULT_MAX_MANIFEST = 16 * 1024 * 1024;
const normalize = (p: string) => p.replace(/^(\.\/)+/, "").replace(/\/+/g, "/");

export async function walkBundle(filePath: string, opts: WalkBundleOptions = {}): Promise<WalkBundleResult> {
  const archive = await openArchive(filePath, { limits: opts.limits, onProgress: opts.onProgress });
  const top = new TopFolderStripper((p) => matchLayout(p) !== null);
  const artifacts: BundleArtifact[] = [];
  const skipped: SkippedEntry[] = [];
  const warnings: string[] = [];
  let manifestWarnings: string[] = [];
  let manifest: TManifest | null = null;
  let byOutput = new Map<string, ManifestCommand>();
  let layout: LayoutId | null = null;
  let error: ArchiveError | null = null;

  const describeArtifact = (path: string, archivePath: string, size: number, mtime: Date | null): BundleArtifact => {
    const command = byOutput.get(path);
    const match = matchLayout(path, layout);
    if (match && !layout) layout = match.layout;
    const a: BundleArtifact = { path, archivePath, kind: null, kindSource: null, size, mtime };
    if (command?.kind) (a.kind = command.kind), (a.kindSource = "manifest");
    else if (match) (a.kind = match.kind), (a.kindSource = "layout");
    if (command) a.command = command;
    const netns = command?.netns ?? match?.netns;
    if (netns !== undefined) a.netns = netns;
    if (match?.netnsName) a.netnsName = match.netnsName;
    const backend = command?.backend ?? match?.backend;
    if (backend) a.backend = backend;
    return a;
  };

  const readManifest = async (body: EntryBody, seenBefore: number): Promise<EntryBody> => {
    const max = opts.maxManifestBytes ?? DEFAULT_MAX_MANIFEST;
    const buf = await body.toBuffer(max);
    if (!buf) {
      warnings.push(`manifest.json is ${body.size} bytes, over the ${max}-byte limit; not read`);
      return body;
    }
    const parsed = parseManifest(buf.toString("utf8"));
    manifest = parsed.manifest;
    manifestWarnings = parsed.warnings;
    byOutput = new Map((manifest?.commands ?? []).map((c) => [normalize(c.output), c]));
    if (manifest?.format === MANIFEST_FORMAT || (manifest && !layout)) layout = "netbundle-v1";
    await opts.onManifest?.(manifest, manifestWarnings);
    if (seenBefore > 0) warnings.push(`manifest.json came after ${seenBefore} files; their kinds come from the path layout, not the manifest`);
    return new BufferBody(buf);
  };

  for await (const ev of archive.events) {
    if (ev.type === "error") {
      error = ev.error;
      break;
    }
    if (ev.type === "skipped") {
      skipped.push(ev.skipped);
      continue;
    }
    const { entry } = ev;
    if (entry.type === "directory") continue;
    const path = top.strip(entry.path);
    try {
      let body = ev.body;
      let artifact: BundleArtifact;
      if (path === "manifest.json" && !manifest) {
        body = await readManifest(body, artifacts.length);
        artifact = { path, archivePath: entry.path, kind: MANIFEST_KIND, kindSource: "manifest", size: entry.size, mtime: entry.mtime };
      } else artifact = describeArtifact(path, entry.path, entry.size, entry.mtime);
      await opts.onArtifact?.(artifact, body);
      artifacts.push(artifact);
    } catch (e) {
      // A fault inside the body: the archive reader ends with it as its next event.
      if (!isArchiveError(e)) {
        await archive.events.return(undefined);
        throw e;
      }
    }
  }
  if (top.outside.length > 0) {
    warnings.push(`${top.outside.length} entries lie outside the top folder "${top.top}" (e.g. "${top.outside[0]}"); their paths are kept whole`);
  }
  return {
    format: archive.format,
    topFolder: top.top,
    layout,
    manifest,
    manifestWarnings,
    warnings,
    artifacts,
    skipped,
    error,
    complete: error === null,
    bytesRead: archive.bytesRead(),
    totalBytes: archive.totalBytes,
  };
}
