import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { failOnDialog, shot, uploadThroughPage } from "./helpers";

// The namespace map at 200 netns (issue 19), on the bench generator's 200-netns bundle
// (bench/ingest/make-bundle.mjs, with a small journal and capture so it fits the upload cap):
// "problems only" is on and folds the healthy namespaces into a counted group; searching an
// address finds its namespace, highlights it and centres the map on it; its details open.
test("namespace map at 200 netns: problems only by default, search by IP finds and centres the netns", async ({ page }) => {
  failOnDialog(page);
  await page.setViewportSize({ width: 1400, height: 900 });
  const file = path.join(process.env.NETBUNDLE_E2E_DIR ?? "", "fixtures", "bench-200-netns.tar.gz");
  execFileSync(process.execPath, ["bench/ingest/make-bundle.mjs", file, "2000", "1"], { stdio: "pipe" });
  const id = await uploadThroughPage(page, file);

  await page.goto(`/bundles/${encodeURIComponent(id)}/netns`);
  await expect(page.getByTestId("netns-legend")).toContainText("200 namespaces");
  await expect(page.getByTestId("netns-problems-only")).toBeChecked();
  // Every namespace is either drawn (the host and those with a problem, each with its badge)
  // or counted in a group; the bench bundle's healthy majority is in groups.
  const groups = page.getByTestId("netns-group");
  await expect(groups.first()).toBeVisible();
  const counts = await groups.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-count"))));
  const grouped = counts.reduce((a, b) => a + b, 0);
  const drawn = page.getByTestId("netns-node");
  expect(grouped + (await drawn.count())).toBe(200);
  expect(grouped).toBeGreaterThan(150);
  await expect(page.getByTestId("netns-hidden")).toHaveText(new RegExp(`^${grouped} healthy in groups`));
  for (const n of await drawn.all()) {
    const text = (await n.textContent()) ?? "";
    expect(text.startsWith("host netns") || /DUP IP|NO PROCESS|ORPHANED SHIM/.test(text)).toBe(true);
  }

  // Namespace i of the generator holds 198.18.<i/250>.<i%250+2>: i = 137 is 198.18.0.139, inode 4026532137.
  await page.getByTestId("netns-search").fill("198.18.0.139");
  await expect(page.getByTestId("netns-search-status")).toHaveText("1 of 1 (Enter: next)");
  const hit = page.locator('[data-testid="netns-node"][data-match="current"]');
  await expect(hit).toHaveAttribute("data-inode", "4026532137");
  await expect(hit).toContainText("198.18.0.139/");
  // Centred: the match sits in the middle of the map, not merely somewhere in the DOM.
  const map = (await page.getByTestId("netns-graph").boundingBox())!;
  await expect
    .poll(async () => {
      const b = await hit.boundingBox();
      if (!b) return Infinity;
      return Math.max(Math.abs(b.x + b.width / 2 - (map.x + map.width / 2)), Math.abs(b.y + b.height / 2 - (map.y + map.height / 2)));
    })
    .toBeLessThan(40);
  // The match left its group, which now counts one less.
  await expect(page.getByTestId("netns-hidden")).toHaveText(new RegExp(`^${grouped - 1} healthy in groups`));
  await shot(page, "netns-200-search");

  await page.getByTestId("netns-search-open").click();
  await expect(page.getByTestId("netns-panel")).toContainText("inode 4026532137");

  // A search that matches nothing says so; a partial address matches from its start.
  await page.getByTestId("netns-search").fill("198.18.0.13");
  await expect(page.getByTestId("netns-search-status")).toHaveText(/^1 of 11 /);
  await page.getByTestId("netns-search").fill("203.0.113.9");
  await expect(page.getByTestId("netns-search-status")).toHaveText("no namespace matches");

  // Unticking "problems only" shows every namespace.
  await page.getByTestId("netns-search").fill("");
  await page.getByTestId("netns-problems-only").uncheck();
  await expect(page.getByTestId("netns-group")).toHaveCount(0);
});

// Timeline search on the same bundle (its kubelet journal): the list's total and the
// histogram both follow the search, and equal the journal lines holding the text.
test("timeline search on the 200-netns bundle: total and histogram follow the search", async ({ page }) => {
  failOnDialog(page);
  await page.setViewportSize({ width: 1400, height: 900 });
  const file = path.join(process.env.NETBUNDLE_E2E_DIR ?? "", "fixtures", "bench-200-netns.tar.gz");
  if (!fs.existsSync(file)) execFileSync(process.execPath, ["bench/ingest/make-bundle.mjs", file, "2000", "1"], { stdio: "pipe" });
  const id = await uploadThroughPage(page, file);
  const journal = execFileSync("tar", ["-xzOf", file, "--wildcards", "*/logs/journal/kubelet.txt"], { maxBuffer: 64 << 20 }).toString();
  const term = "kubelet.go:2399]";
  const want = journal.split("\n").filter((l) => l.includes(term)).length;
  expect(want).toBeGreaterThan(0);

  await page.goto(`/bundles/${encodeURIComponent(id)}/timeline`);
  await expect(page.getByTestId("timeline-total")).toHaveText(/^[\d,]+ events$/);
  const all = Number((await page.getByTestId("timeline-total").textContent())!.replace(/\D/g, ""));
  await page.getByTestId("timeline-text").fill(term);
  await expect(page.getByTestId("timeline-total")).toHaveText(`${want} events`);
  await expect(page.getByTestId("timeline-histogram")).toHaveAttribute("aria-label", `Histogram of ${want} events`);
  await expect(page.getByTestId("timeline-row")).toHaveCount(want);
  for (const t of await page.getByTestId("timeline-row").allTextContents()) expect(t).toContain(term);
  expect(all).toBeGreaterThan(want);
  await shot(page, "timeline-200-search");
});
