import "server-only";
import { cache } from "react";
import { blobStore, type ModelMeta } from "@/lib/storage";
import type { NodeModel } from "@/lib/model/types";

export type TModelKey = keyof NodeModel & string;

// The whole NodeModel (compare needs every part). Pages read pieces instead (below).
export const getBundleModel = cache(async ({ bundleId }: { bundleId: string }): Promise<NodeModel | null> => {
  try {
    return await blobStore.readModel<NodeModel>(bundleId);
  } catch (e) {
    console.error("[getBundleModel] unreadable model", bundleId, e);
    return null;
  }
});

// One piece, cached per request (the layout and a page may both ask); undefined when the model lacks it.
const getPiece = cache(async (bundleId: string, key: TModelKey): Promise<{ value: unknown } | null> => {
  const r = await blobStore.readModelPieces<NodeModel, TModelKey>(bundleId, [key]);
  return r ? { value: r[key] } : null;
});

/**
 * Only the named pieces of a bundle's model: a page view inflates what it shows, not the
 * whole model. Null until the bundle is ingested (or when the stored model is unreadable).
 */
export async function getBundleModelPieces<K extends TModelKey>({ bundleId, keys }: { bundleId: string; keys: readonly K[] }): Promise<Pick<NodeModel, K> | null> {
  try {
    const got = await Promise.all(keys.map((k) => getPiece(bundleId, k)));
    if (got.some((g) => g === null)) return null;
    return Object.fromEntries(keys.map((k, i) => [k, got[i]!.value])) as Pick<NodeModel, K>;
  } catch (e) {
    console.error("[getBundleModelPieces] unreadable model", bundleId, e);
    return null;
  }
}

/** Item counts per piece (processes, netns, artifacts, …) without inflating any. */
export const getBundleModelMeta = cache(async ({ bundleId }: { bundleId: string }): Promise<ModelMeta | null> => {
  try {
    return await blobStore.readModelMeta(bundleId);
  } catch (e) {
    console.error("[getBundleModelMeta] unreadable model", bundleId, e);
    return null;
  }
});
