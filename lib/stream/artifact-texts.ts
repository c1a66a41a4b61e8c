/**
 * Texts of the parsed command outputs, kept to quote evidence lines after the rules ran.
 * Bounded: beyond the budget, texts are dropped and evidence keeps the rule's own excerpt.
 */
const BUDGET_CHARS = 96 * 1024 * 1024;

export class ArtifactTexts {
  private readonly texts = new Map<string, string>();
  /** Lines of the last text quoted: evidence comes grouped by artifact, and one split is enough. */
  private lastLines: { path: string; lines: string[] } | null = null;
  private used = 0;

  add(path: string, text: string): void {
    if (this.used + text.length > BUDGET_CHARS) return;
    this.texts.set(path, text);
    this.used += text.length;
  }

  /** Lines lineStart..lineEnd (1-based, inclusive), or null when the text was not kept. */
  lines(path: string, lineStart: number, lineEnd: number): string[] | null {
    const text = this.texts.get(path);
    if (text === undefined) return null;
    if (this.lastLines?.path !== path) this.lastLines = { path, lines: text.split("\n") };
    const lines = this.lastLines.lines;
    if (lineStart < 1 || lineStart > lines.length) return null;
    // At most 20 lines of at most 500 characters: an excerpt, not the artifact.
    return lines.slice(lineStart - 1, Math.min(lineEnd, lineStart + 19)).map((l) => {
      const t = l.replace(/\r$/, "");
      return t.length > 500 ? `${t.slice(0, 500)}…` : t;
    });
  }
}
