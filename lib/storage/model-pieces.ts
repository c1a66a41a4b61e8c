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

/** The model as stored: each piece's gzip (file `<key>.json.gz`) and the meta (`meta.json`); shared by every store. */
export async function encodeModelPieces(model: object): Promise<{ pieces: [key: string, gz: Buffer][]; meta: ModelMeta }> {
  const entries = Object.entries(model);
  for (const [k] of entries) if (!PIECE_KEY.test(k)) throw new Error(`model key not storable as a piece: ${k.slice(0, 40)}`);
  const pieces: [string, Buffer][] = [];
  for (const [k, v] of entries) pieces.push([k, await gzip(JSON.stringify(v ?? null))]);
  const meta: ModelMeta = { version: 1, keys: entries.map(([k]) => k), lengths: Object.fromEntries(entries.map(([k, v]) => [k, itemCount(v)])) };
  return { pieces, meta };
}

/** One stored piece back to its value. */
export async function decodeModelPiece(gz: Buffer): Promise<unknown> {
  return JSON.parse((await gunzip(gz)).toString("utf8")) as unknown;
}

/** The pieces of `keys` a meta lists (names checked: they become file or object names). */
export function storedPieceKeys(meta: ModelMeta, keys: readonly string[]): string[] {
  return keys.filter((k) => PIECE_KEY.test(k) && meta.keys.includes(k));
}

/**
 * Writes and first splits of one bundle's model run one at a time in this process (a
 * re-ingest's write and a page's split of the old blob must not interleave their renames);
 * a reader that finds no model while one is under way waits for it.
 */
const writing = new Map<string, Promise<unknown>>();

function serialized<T>(bundleDir: string, work: () => Promise<T>): Promise<T> {
  const run = (writing.get(bundleDir) ?? Promise.resolve()).catch(() => undefined).then(work);
  const tail = run.catch(() => undefined);
  writing.set(bundleDir, tail);
  void tail.then(() => writing.get(bundleDir) === tail && writing.delete(bundleDir));
  return run;
}

/** Writes every piece into a fresh folder, then swaps it in (readers never see half a model). */
export function writeModelPieces(bundleDir: string, model: object): Promise<void> {
  return serialized(bundleDir, () => swapInPieces(bundleDir, model));
}

async function swapInPieces(bundleDir: string, model: object): Promise<void> {
  const { pieces, meta } = await encodeModelPieces(model);
  await fs.mkdir(bundleDir, { recursive: true });
  const tmp = within(bundleDir, `model.tmp-${crypto.randomBytes(6).toString("hex")}`);
  await fs.mkdir(tmp);
  try {
    for (const [k, gz] of pieces) await fs.writeFile(within(tmp, `${k}.json.gz`), gz);
    await fs.writeFile(within(tmp, "meta.json"), JSON.stringify(meta));
    // Swap by two renames (the old folder is removed after): another process's reader
    // misses the model only between them, and one that raced the swap retries once.
    const dest = within(bundleDir, "model");
    const old = within(bundleDir, `model.old-${crypto.randomBytes(6).toString("hex")}`);
    const hadOld = await fs.rename(dest, old).then(
      () => true,
      () => false,
    );
    await fs.rename(tmp, dest);
    if (hadOld) await fs.rm(old, { recursive: true, force: true });
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw e;
  }
  await fs.rm(within(bundleDir, LEGACY), { force: true });
}

export async function readModelMeta(bundleDir: string, splitTried = false): Promise<ModelMeta | null> {
  const text = await fs.readFile(within(bundleDir, "model", "meta.json"), "utf8").catch(() => null);
  if (text !== null) return JSON.parse(text) as ModelMeta;
  if (splitTried) return null;
  const pending = writing.get(bundleDir);
  if (pending) {
    await pending; // a write or split is under way here: its result is the model
    return readModelMeta(bundleDir, true);
  }
  return (await upgradeLegacy(bundleDir)) ? readModelMeta(bundleDir, true) : null;
}

/** The named pieces; null when the bundle has no model. Unknown names are left out. */
export async function readModelPieces(bundleDir: string, keys: readonly string[]): Promise<Record<string, unknown> | null> {
  try {
    return await readPiecesOnce(bundleDir, keys);
  } catch (e) {
    // A re-ingest (or a first split) swapped the folder while we read: read the new one.
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return readPiecesOnce(bundleDir, keys);
    throw e;
  }
}

async function readPiecesOnce(bundleDir: string, keys: readonly string[]): Promise<Record<string, unknown> | null> {
  const meta = await readModelMeta(bundleDir);
  if (!meta) return null;
  const wanted = storedPieceKeys(meta, keys);
  const values = await Promise.all(wanted.map(async (k) => decodeModelPiece(await fs.readFile(within(bundleDir, "model", `${k}.json.gz`)))));
  return Object.fromEntries(wanted.map((k, i) => [k, values[i]]));
}

/**
 * A bundle from before the split: inflate its whole model.json.gz once and store it as
 * pieces. First views at once in this process share one split (serialized); a split by
 * another process at the same moment may win the swap, and then ours is dropped.
 */
function upgradeLegacy(bundleDir: string): Promise<boolean> {
  return serialized(bundleDir, async () => {
    const hasMeta = () => fs.access(within(bundleDir, "model", "meta.json")).then(() => true, () => false);
    if (await hasMeta()) return true; // split by the view before us
    const buf = await fs.readFile(within(bundleDir, LEGACY)).catch(() => null);
    if (!buf) return false;
    const model = JSON.parse((await gunzip(buf)).toString("utf8")) as unknown;
    if (!model || typeof model !== "object" || Array.isArray(model)) return false;
    await swapInPieces(bundleDir, model).catch(() => undefined);
    return hasMeta();
  });
}

export async function removeModel(bundleDir: string): Promise<void> {
  await fs.rm(within(bundleDir, "model"), { recursive: true, force: true });
  await fs.rm(within(bundleDir, LEGACY), { force: true });
}
