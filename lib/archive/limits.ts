/**
 * Limits for reading an untrusted bundle archive. Every bundle comes from a customer
 * machine we do not control, so each dimension an attacker (or a broken collector) could
 * blow up is capped. All are configurable per call: `resolveLimits({ maxEntryBytes: ... })`.
 *
 * Fatal limits stop the read (entries already read are kept): total expanded size,
 * compression ratio, entry count, zip file size, metadata header size, xz decoder memory.
 * Per-entry limits only refuse that entry (recorded as skipped): entry size, name length.
 */
export interface ArchiveLimits {
  /** Largest single regular file, declared or inflated. Journals and pcaps can be big. */
  maxEntryBytes: number;
  /** All bytes inflated from the archive (tar headers and padding included). */
  maxTotalBytes: number;
  /** Most entries of any type (files, dirs, links, ...). */
  maxEntries: number;
  /** Expanded bytes / compressed bytes read so far; checked once past ratioMinBytes. */
  maxRatio: number;
  /** Below this many expanded bytes the ratio is not checked (small text compresses well). */
  ratioMinBytes: number;
  /** Longest entry path in bytes (UTF-8) and longest single path component. */
  maxNameBytes: number;
  maxComponentBytes: number;
  /** Largest tar metadata record (pax 'x'/'g', GNU 'L'/'K'); these are held in memory. */
  maxMetaBytes: number;
  /**
   * Most distinct keys the pax GLOBAL headers ('g') of one archive may set in all. Global keys
   * apply to every entry after them, so they are kept for the whole read; a 'g' header that
   * would take the total past this is ignored (reported once as skipped), not fatal.
   */
  maxGlobalPaxKeys: number;
  /**
   * Largest .zip file accepted. jszip needs the whole file in memory (its central directory
   * sits at the end and its API takes one buffer), so a zip costs its full size in RAM;
   * bundles over this size must be sent as .tar.gz, which we stream.
   */
  maxZipBytes: number;
  /** Default cap for EntryBody.toBuffer() when the caller gives none. */
  maxBufferBytes: number;
  /**
   * Memory the `xz` decoder child may use (--memlimit-decompress): xz -9 streams need 65 MiB,
   * a crafted header can ask for far more. bzip2 needs under 8 MiB by design.
   */
  maxDecoderMemoryBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<ArchiveLimits> = Object.freeze({
  maxEntryBytes: 1024 * MiB,
  maxTotalBytes: 8 * 1024 * MiB,
  maxEntries: 200_000,
  // gzip of sysctl/iptables/journal text measures 5-30x; zeros reach ~1000x.
  maxRatio: 200,
  ratioMinBytes: 64 * MiB,
  maxNameBytes: 4096,
  maxComponentBytes: 255,
  maxMetaBytes: 1 * MiB,
  // Real tars set a handful (GNU tar: none; pax -x: a few); 1 MiB of 'g' records is ~68k.
  maxGlobalPaxKeys: 1000,
  maxZipBytes: 256 * MiB,
  maxBufferBytes: 64 * MiB,
  maxDecoderMemoryBytes: 256 * MiB,
});

export function resolveLimits(overrides?: Partial<ArchiveLimits>): ArchiveLimits {
  const out: ArchiveLimits = { ...DEFAULT_LIMITS };
  for (const [k, v] of Object.entries(overrides ?? {})) {
    if (typeof v === "number" && Number.isFinite(v) && v >= 0) (out as unknown as Record<string, number>)[k] = v;
  }
  return out;
}
