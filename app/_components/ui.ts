// Shared class names for forms and panels, so every page's controls look alike.
export const INPUT = "rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700";
export const BUTTON = "rounded border border-zinc-300 px-2 py-1 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";
export const PRIMARY = "rounded bg-sky-600 px-3 py-1.5 font-medium text-white hover:bg-sky-700 disabled:opacity-50";
export const DANGER = "rounded border border-red-300 px-2 py-0.5 text-xs text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-400 dark:hover:bg-red-950/30";
export const PANEL = "rounded border border-zinc-200 p-4 dark:border-zinc-800";
export const TH = "px-3 py-2";
export const TD = "px-3 py-1.5";
export const THEAD = "bg-zinc-50 text-xs uppercase text-zinc-500 dark:bg-zinc-900";
