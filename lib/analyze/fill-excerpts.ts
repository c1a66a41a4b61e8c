/**
 * The last stage: quote real artifact lines as evidence. Rules cite lines; the excerpt a
 * finding shows is the bundle's own text of those lines, from the texts the stream kept.
 */
import type { Finding } from "@/lib/rules/finding";
import type { ArtifactTexts } from "@/lib/stream/artifact-texts";

export function fillExcerpts(findings: Finding[], texts: ArtifactTexts): void {
  for (const f of findings) {
    for (const e of f.evidence) {
      if (e.quote) continue; // written as a quote on purpose (a log record: logs are streamed, not kept)
      const lines = texts.lines(e.artifact, e.lineStart, e.lineEnd);
      if (lines) e.excerpt = lines.join("\n");
      // The text was not kept (parse budget): the rule's own rendering stands, and says so.
      else if (e.lineStart > 0) e.quote = "summary";
    }
  }
}
