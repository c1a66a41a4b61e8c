/**
 * Bundle text on a terminal: control characters (ESC, OSC, BEL, C1) from a hostile bundle
 * could move the cursor, retitle the window or worse. Show them as \xNN instead; keep TAB.
 */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}
