import type { ArchiveError, ArchiveLimits, ArchiveProgress, EntryBody, SkippedEntry } from "@/lib/archive";
import type { ArchiveFormat } from "@/lib/archive/types";
import type { LayoutId } from "./layout";
import type { ManifestCommand, TManifest } from "./manifest";

/** The kind given to manifest.json itself (not a parser kind; handed on for the viewer). */
export const MANIFEST_KIND = "manifest";

export interface BundleArtifact {
  /** Path relative to the stripped top folder (the manifest's "output" form). */
  path: string;
  /** Path as it appears in the archive (normalized), for messages and storage keys. */
  archivePath: string;
  /** Artifact kind id (lib/parsers/index.ts), "manifest", or null when nothing names it. */
  kind: string | null;
  /** Where the kind came from. */
  kindSource: "manifest" | "layout" | null;
  size: number;
  mtime: Date | null;
  /** Network namespace inode (manifest command, or netns/<INODE>/ in the path). */
  netns?: number;
  /** Network namespace name when only a name is known (sosreport ip_netns_exec_<name>_...). */
  netnsName?: string;
  backend?: "legacy" | "nf_tables" | "unknown";
  /** The manifest command that wrote this file, when the manifest was read before it. */
  command?: ManifestCommand;
}

export interface WalkBundleOptions {
  limits?: Partial<ArchiveLimits>;
  onProgress?: (p: ArchiveProgress) => void;
  /** Called per regular file in archive order; the body is the consumer's to stream, buffer or ignore. */
  onArtifact?: (artifact: BundleArtifact, body: EntryBody) => void | Promise<void>;
  /** Called once manifest.json is parsed, before its onArtifact call. */
  onManifest?: (manifest: TManifest | null, warnings: string[]) => void | Promise<void>;
  /** Largest manifest.json read (it is buffered to parse it). Default 16 MiB. */
  maxManifestBytes?: number;
}

export interface WalkBundleResult {
  format: ArchiveFormat | null;
  topFolder: string | null;
  /** Layout of the bundle: from the manifest, else the layout of the first matched path. */
  layout: LayoutId | null;
  manifest: TManifest | null;
  manifestWarnings: string[];
  /** Walk-level notes: late manifest, entries outside the top folder, ... */
  warnings: string[];
  artifacts: BundleArtifact[];
  skipped: SkippedEntry[];
  error: ArchiveError | null;
  /** Whether the whole archive was read (false: the bundle is partial). */
  complete: boolean;
  bytesRead: number;
  totalBytes: number;
}
