"use client";
import { useEffect } from "react";

/**
 * Keyboard navigation for any list marked data-kbd-list whose rows carry data-kbd-item:
 * j/ArrowDown and k/ArrowUp move, Enter follows the row's first link. One listener per page;
 * the active row is kept in the DOM (data-kbd-active) so server-rendered lists need no state.
 */
export function KbdNav() {
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) return;
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      const items = Array.from(document.querySelectorAll<HTMLElement>("[data-kbd-list] [data-kbd-item]"));
      if (items.length === 0) return;
      const cur = items.findIndex((el) => el.dataset.kbdActive === "true");
      let next = cur;
      if (e.key === "j" || e.key === "ArrowDown") next = Math.min(items.length - 1, cur + 1);
      else if (e.key === "k" || e.key === "ArrowUp") next = Math.max(0, cur - 1);
      else if (e.key === "Enter" && cur >= 0) {
        const link = items[cur]?.querySelector<HTMLAnchorElement>("a[href]");
        if (link) {
          e.preventDefault();
          link.click();
        }
        return;
      } else return;
      e.preventDefault();
      if (cur >= 0) items[cur]?.removeAttribute("data-kbd-active");
      const el = items[next];
      if (!el) return;
      el.dataset.kbdActive = "true";
      el.scrollIntoView({ block: "nearest" });
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return null;
}
