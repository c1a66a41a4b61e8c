import type { BlobStore } from "./blob-store";

/**
 * A store whose implementation is loaded on its first call (every BlobStore method is
 * async, so each can wait for the load); loaded once, whatever calls come first.
 */
export function loadedOnFirstUse(load: () => Promise<BlobStore>): BlobStore {
  let store: Promise<BlobStore> | undefined;
  return new Proxy({} as BlobStore, {
    get: (_target, name) => {
      // not a thenable: `await blobStore` must not wait for a `then` method
      if (typeof name !== "string" || name === "then") return undefined;
      return async (...args: unknown[]) => {
        const s = await (store ??= load());
        return (s[name as keyof BlobStore] as (...a: unknown[]) => unknown).apply(s, args);
      };
    },
  });
}
