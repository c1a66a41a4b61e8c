import "server-only";
import { cache } from "react";
import { blobStore } from "@/lib/storage";
import type { NodeModel } from "@/lib/model/types";

// The parsed NodeModel blob written by the ingest job; cached per request because the
// layout and a page may both need it. Null until the bundle is ingested.
export const getBundleModel = cache(async ({ bundleId }: { bundleId: string }): Promise<NodeModel | null> => {
  try {
    return await blobStore.readModel<NodeModel>(bundleId);
  } catch (e) {
    console.error("[getBundleModel] unreadable model", bundleId, e);
    return null;
  }
});
