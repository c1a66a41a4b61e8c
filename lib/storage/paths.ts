import "server-only";
import crypto from "node:crypto";
import path from "node:path";
import { ARCHIVE_EXTENSIONS } from "@/lib/archive/extensions";

// Every filesystem path under the blob root is built here, from validated ids only. Nothing
// read from a bundle (artifact paths, file names) ever becomes part of a path: artifact
// texts are keyed by a hash of their path.
const BUNDLE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const STORAGE_KEY = /^[a-f0-9]{40}$/;
const ORIGINAL_EXT = new RegExp(`^(${[...ARCHIVE_EXTENSIONS, "gz", "bin"].map((e) => e.replace(".", "\\.")).join("|")})$`);

export function assertBundleId(id: string): string {
  if (!BUNDLE_ID.test(id)) throw new Error(`invalid bundle id: ${JSON.stringify(id).slice(0, 80)}`);
  return id;
}

/** Stable, path-free key for an artifact path inside a bundle. */
export function artifactStorageKey(artifactPath: string): string {
  return crypto.createHash("sha1").update(artifactPath, "utf8").digest("hex");
}

export function assertStorageKey(key: string): string {
  if (!STORAGE_KEY.test(key)) throw new Error(`invalid storage key: ${JSON.stringify(key).slice(0, 80)}`);
  return key;
}

/** The extension kept for an original, from the uploaded file name (display text only). */
export function originalExt(fileName: string): string {
  const lower = fileName.toLowerCase();
  for (const ext of [...ARCHIVE_EXTENSIONS, "gz"]) if (lower.endsWith(`.${ext}`)) return ext;
  return "bin";
}

/** Joins under `root` and proves the result did not escape it (defence in depth). */
export function within(root: string, ...parts: string[]): string {
  const base = path.resolve(root);
  const full = path.resolve(base, ...parts);
  if (full !== base && !full.startsWith(base + path.sep)) throw new Error("path escapes storage root");
  return full;
}

export function assertOriginalExt(ext: string): string {
  if (!ORIGINAL_EXT.test(ext)) throw new Error(`invalid original extension: ${ext}`);
  return ext;
}
