export { walkBundle } from "./walk-bundle";
export { parseManifest, ZManifestCommand, MANIFEST_FORMAT, type TManifest, type ManifestCommand, type ManifestNamespace } from "./manifest";
export { matchLayout, LAYOUTS, type LayoutId, type LayoutMatch } from "./layout";
export { MANIFEST_KIND, type BundleArtifact, type WalkBundleOptions, type WalkBundleResult } from "./types";
