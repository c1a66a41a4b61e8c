import crypto from "node:crypto";
import fs from "node:fs/promises";
import zlib from "node:zlib";
import { promisify } from "node:util";
import type { ModelMeta } from "./blob-store";
import { within } from "./paths";

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);

/**
 * A bundle's model on disk: bundles/<id>/model/<key>.json.gz, one gzip member per top-level
 * key of the NodeModel, and model/meta.json naming the pieces and their item counts. A page
 * inflates the two or three pieces it shows (the packets page: `captures`) instead of the
 * whole model on every view. Chosen over an in-memory cache keyed by bundle and generation:
 * nothing is held between requests, several web replicas and the worker share it through
 * the data dir, and the cost of a view is bounded by its pieces whatever else is in the model.
 * Bundles ingested before this keep model.json.gz; the first read splits it once (legacy).
 */
const PIECE_KEY = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
const LEGACY = "model.json.gz";

function itemCount(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  return v && typeof v === "object" ? Object.keys(v).length : 0;
}

/** Writes every piece into a fresh folder, then swaps it in (readers never see half a model). */
export async function writeModelPieces(bundleDir: string, model: object): Promise<void> {
  const entries = Object.entries(model);
  for (const [k] of entries) if (!PIECE_KEY.test(k)) throw new Error(`model key not storable as a piece: ${k.slice(0, 40)}`);
  await fs.mkdir(bundleDir, { recursive: true });
  const tmp = within(bundleDir, `model.tmp-${crypto.randomBytes(6).toString("hex")}`);
  await fs.mkdir(tmp);
  try {
    for (const [k, v] of entries) await fs.writeFile(within(tmp, `${k}.json.gz`), await gzip(JSON.stringify(v ?? null)));
    const meta: ModelMeta = { version: 1, keys: entries.map(([k]) => k), lengths: Object.fromEntries(entries.map(([k, v]) => [k, itemCount(v)])) };
    await fs.writeFile(within(tmp, "meta.json"), JSON.stringify(meta));
    const dest = within(bundleDir, "model");
    await fs.rm(dest, { recursive: true, force: true });
    await fs.rename(tmp, dest);
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw e;
  }
  await fs.rm(within(bundleDir, LEGACY), { force: true });
}

export async function readModelMeta(bundleDir: string): Promise<ModelMeta | null> {
  const text = await fs.readFile(within(bundleDir, "model", "meta.json"), "utf8").catch(() => null);
  if (text !== null) return JSON.parse(text) as ModelMeta;
  return (await upgradeLegacy(bundleDir)) ? readModelMeta(bundleDir) : null;
}

/** The named pieces; null when the bundle has no model. Unknown names are left out. */
export async function readModelPieces(bundleDir: string, keys: readonly string[]): Promise<Record<string, unknown> | null> {
  const meta = await readModelMeta(bundleDir);
  if (!meta) return null;
  const wanted = keys.filter((k) => PIECE_KEY.test(k) && meta.keys.includes(k));
  const values = await Promise.all(wanted.map(async (k) => JSON.parse((await gunzip(await fs.readFile(within(bundleDir, "model", `${k}.json.gz`)))).toString("utf8")) as unknown));
  return Object.fromEntries(wanted.map((k, i) => [k, values[i]]));
}

/**
 * A bundle from before the split: inflate its whole model.json.gz once and store it as
 * pieces. Two first views at once both split; the second swap simply wins.
 */
async function upgradeLegacy(bundleDir: string): Promise<boolean> {
  const buf = await fs.readFile(within(bundleDir, LEGACY)).catch(() => null);
  if (!buf) return false;
  const model = JSON.parse((await gunzip(buf)).toString("utf8")) as unknown;
  if (!model || typeof model !== "object" || Array.isArray(model)) return false;
  await writeModelPieces(bundleDir, model);
  return true;
}

export async function removeModel(bundleDir: string): Promise<void> {
  await fs.rm(within(bundleDir, "model"), { recursive: true, force: true });
  await fs.rm(within(bundleDir, LEGACY), { force: true });
}
