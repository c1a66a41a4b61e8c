"use client";
import { useLayoutEffect, useRef, useState } from "react";

/** Browsers cap element heights (Chrome near 33.5M px); past this the scroll is scaled. */
const MAX_PX = 15_000_000;

/**
 * A tiny windowing list: fixed row height, only the visible rows (plus a few) are mounted.
 * For very long lists the scroll range is compressed and mapped proportionally to an index.
 *
 * Why not @tanstack/react-virtual (used for the bounded conversations table): it treats a
 * scroll position as a content position, so past the browser's element-height cap (1M
 * timeline rows × 24 px = 24M px) the last rows cannot be reached (TanStack/virtual#460,
 * closed there as a browser limit, #616). The mapping below is the part that matters here;
 * with a fixed row height the rest is a few lines of arithmetic the library would not save.
 */
export function VirtualList({
  count,
  rowHeight,
  height,
  renderRow,
  onRange,
  scrollToIndex,
}: {
  count: number;
  rowHeight: number;
  height: number;
  renderRow: (index: number) => React.ReactNode;
  onRange?: (first: number, last: number) => void;
  scrollToIndex?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const full = count * rowHeight;
  const virt = Math.min(full, MAX_PX);
  const visible = Math.ceil(height / rowHeight) + 1;
  const maxScroll = Math.max(1, virt - height);
  const maxFirst = Math.max(0, count - visible + 1);
  const scaled = full > MAX_PX;
  const first = scaled ? Math.min(maxFirst, Math.floor((scrollTop / maxScroll) * maxFirst)) : Math.floor(scrollTop / rowHeight);
  const offset = scaled ? 0 : scrollTop % rowHeight;
  const last = Math.min(count - 1, first + visible);

  useLayoutEffect(() => {
    onRange?.(first, last);
  }, [first, last, onRange]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || scrollToIndex === undefined || scrollToIndex < 0) return;
    const top = scaled ? (scrollToIndex / Math.max(1, maxFirst)) * maxScroll : scrollToIndex * rowHeight;
    if (scrollToIndex < first || scrollToIndex >= last - 1) el.scrollTop = Math.max(0, top - (scaled ? 0 : height / 2));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollToIndex]);

  const rows: React.ReactNode[] = [];
  for (let i = first; i <= last; i++) {
    rows.push(
      <div key={i} style={{ position: "absolute", top: scrollTop - offset + (i - first) * rowHeight, height: rowHeight, left: 0, right: 0 }}>
        {renderRow(i)}
      </div>,
    );
  }
  return (
    <div ref={ref} style={{ height, overflowY: "auto", position: "relative" }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} data-testid="virtual-list">
      <div style={{ height: virt, position: "relative" }}>{rows}</div>
    </div>
  );
}
