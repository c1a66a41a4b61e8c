"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { fmtBytes, fmtDuration } from "./format";
import { ARCHIVE_EXTENSIONS } from "@/lib/archive/extensions";

const ACCEPT = ARCHIVE_EXTENSIONS.map((e) => `.${e}`);

type TState =
  | { kind: "idle" }
  | { kind: "uploading"; name: string; loaded: number; total: number; bps: number }
  | { kind: "error"; message: string }
  | { kind: "duplicate"; id: string }
  | { kind: "done"; id: string }
  | { kind: "receipt"; receipt: TReceipt };

export type TReceipt = { fileName: string; sizeBytes: number; sha256: string; receivedAt: string; caseTitle?: string };

/** Where the file goes: an engineer's upload into a case, or a customer's through an upload link. */
export type TUploadTarget = { kind: "case"; caseId: string } | { kind: "link"; token: string };

/**
 * Sends the file as a raw body through XMLHttpRequest (fetch has no upload progress) so the
 * server can stream it to disk; shows speed and time left, and lets the user cancel.
 */
export function UploadDropzone({ target }: { target: TUploadTarget }) {
  const router = useRouter();
  const [state, setState] = useState<TState>({ kind: "idle" });
  const [over, setOver] = useState(false);
  const xhrRef = useRef<XMLHttpRequest | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  function start(file: File) {
    if (!ACCEPT.some((ext) => file.name.toLowerCase().endsWith(ext))) {
      setState({ kind: "error", message: `Not a bundle archive: choose a ${ACCEPT.join(", ")} file.` });
      return;
    }
    const xhr = new XMLHttpRequest();
    xhrRef.current = xhr;
    const t0 = performance.now();
    xhr.open("POST", target.kind === "case" ? `/api/bundles?case=${encodeURIComponent(target.caseId)}` : `/u/${encodeURIComponent(target.token)}`);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) => {
      const secs = (performance.now() - t0) / 1000;
      setState({ kind: "uploading", name: file.name, loaded: e.loaded, total: e.lengthComputable ? e.total : file.size, bps: secs > 0 ? e.loaded / secs : 0 });
    };
    xhr.onload = () => {
      xhrRef.current = null;
      let body: { id?: string; duplicateOf?: string; receipt?: TReceipt; error?: { message?: string } } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {}
      if (xhr.status === 201 && body.receipt) return setState({ kind: "receipt", receipt: body.receipt });
      if (body.duplicateOf) return setState({ kind: "duplicate", id: body.duplicateOf });
      if (xhr.status === 413) return setState({ kind: "error", message: body.error?.message ?? "The bundle is larger than the server accepts." });
      if (xhr.status >= 200 && xhr.status < 300 && body.id) {
        setState({ kind: "done", id: body.id });
        router.push(`/bundles/${encodeURIComponent(body.id)}`);
        return;
      }
      setState({ kind: "error", message: body.error?.message ?? `Upload failed (HTTP ${xhr.status}).` });
    };
    xhr.onerror = () => setState({ kind: "error", message: "Upload failed: the connection was lost." });
    xhr.onabort = () => setState({ kind: "idle" });
    setState({ kind: "uploading", name: file.name, loaded: 0, total: file.size, bps: 0 });
    xhr.send(file);
  }

  const busy = state.kind === "uploading";
  return (
    <div
      data-testid="dropzone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const f = e.dataTransfer.files[0];
        if (f && !busy) start(f);
      }}
      className={`rounded-lg border-2 border-dashed p-5 transition-colors ${over ? "border-sky-500 bg-sky-50 dark:bg-sky-950/30" : "border-zinc-300 dark:border-zinc-700"}`}
    >
      <div className="flex flex-wrap items-center gap-3">
        <div>
          <p className="font-medium">Drop a support bundle here</p>
          <p className="text-xs text-zinc-500">{ACCEPT.join(", ")} from netbundle-collect, sosreport or a plain tarball</p>
        </div>
        <input
          ref={inputRef}
          type="file"
          accept={ACCEPT.join(",")}
          className="hidden"
          data-testid="file-input"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) start(f);
            e.target.value = "";
          }}
        />
        <button
          type="button"
          disabled={busy}
          onClick={() => inputRef.current?.click()}
          className="ml-auto rounded bg-sky-600 px-3 py-1.5 font-medium text-white hover:bg-sky-700 disabled:opacity-50"
        >
          Choose file…
        </button>
      </div>
      {state.kind === "uploading" && (
        <div className="mt-4" data-testid="upload-progress">
          <div className="mb-1 flex justify-between text-xs text-zinc-600 dark:text-zinc-400">
            <span className="truncate">{state.name}</span>
            <span className="tabular-nums">
              {fmtBytes(state.loaded)} / {fmtBytes(state.total)} · {fmtBytes(state.bps)}/s ·{" "}
              {state.bps > 0 ? `${fmtDuration((state.total - state.loaded) / state.bps)} left` : "starting"}
            </span>
          </div>
          <div className="flex items-center gap-2">
            <div className="h-2 flex-1 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800">
              <div className="h-full bg-sky-600 transition-[width]" style={{ width: `${state.total ? (100 * state.loaded) / state.total : 0}%` }} />
            </div>
            <button type="button" onClick={() => xhrRef.current?.abort()} className="text-xs text-red-600 hover:underline">
              Cancel
            </button>
          </div>
        </div>
      )}
      {state.kind === "error" && (
        <p role="alert" data-testid="upload-error" className="mt-3 text-red-600 dark:text-red-400">
          {state.message}
        </p>
      )}
      {state.kind === "duplicate" && (
        <p role="status" className="mt-3">
          This bundle was already uploaded:{" "}
          <Link className="text-sky-600 underline" href={`/bundles/${encodeURIComponent(state.id)}`}>
            open the existing bundle
          </Link>
          .
        </p>
      )}
      {state.kind === "done" && <p className="mt-3 text-emerald-600">Uploaded. Opening…</p>}
      {state.kind === "receipt" && (
        <div role="status" data-testid="upload-receipt" className="mt-4 rounded border border-emerald-300 bg-emerald-50 p-3 dark:border-emerald-800 dark:bg-emerald-950/30">
          <p className="mb-2 font-medium text-emerald-700 dark:text-emerald-400">Received. Thank you: your support engineer has been sent the bundle.</p>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
            <dt className="text-zinc-500">File</dt>
            <dd className="break-all">{state.receipt.fileName}</dd>
            <dt className="text-zinc-500">Size</dt>
            <dd>
              {fmtBytes(state.receipt.sizeBytes)} ({state.receipt.sizeBytes} bytes)
            </dd>
            <dt className="text-zinc-500">SHA-256</dt>
            <dd className="break-all font-mono" data-testid="receipt-sha256">
              {state.receipt.sha256}
            </dd>
            <dt className="text-zinc-500">Received (UTC)</dt>
            <dd>{state.receipt.receivedAt}</dd>
          </dl>
        </div>
      )}
    </div>
  );
}
