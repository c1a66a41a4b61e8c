/** Thrown only when nothing at all can be read from an archive (contract: lib/analyze/types.ts). */
export class BundleUnusableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BundleUnusableError";
  }
}
