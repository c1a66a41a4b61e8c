/**
 * File name endings of the archives lib/archive reads (longest first). Display and the
 * browser's file picker only: the format itself is always detected from the content.
 */
export const ARCHIVE_EXTENSIONS = ["tar.gz", "tgz", "tar.xz", "txz", "tar.bz2", "tbz2", "tar", "zip"] as const;
