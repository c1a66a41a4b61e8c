import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DUP_IP } from "./make-scenario-bundle";
import { failOnDialog, fixtures, shot, uploadThroughPage } from "./helpers";

// The support engineer's path: upload → critical finding → evidence line → timeline → map.
test("upload a collector bundle and follow the critical finding to its evidence", async ({ page }) => {
  const fx = fixtures();
  test.skip(!fx.scenario, "no scenario bundle (not root and no e2e/fixtures/demo-bundle.tar.gz)");
  failOnDialog(page);
  const bundleId = await uploadThroughPage(page, fx.scenario as string);
  await expect(page.getByTestId("host-facts")).toBeVisible();
  await shot(page, "01-overview");

  await page.getByRole("link", { name: /^Findings/ }).click();
  await expect(page.getByTestId("findings-table")).toBeVisible();
  await shot(page, "02-findings");
  const critical = page.locator("tr", { has: page.locator("text=critical") }).getByTestId("finding-link").first();
  await expect(critical).toBeVisible();
  const title = (await critical.textContent()) ?? "";
  await critical.click();
  await expect(page.getByTestId("finding-title")).toHaveText(title);
  expect(page.url()).toContain(`/bundles/${encodeURIComponent(bundleId)}/findings/`);
  await shot(page, "03-finding");

  // The story: the duplicate IP is caused by the leaked copy's holder; that page says what it explains.
  const chain = page.getByTestId("cause-chain");
  await expect(chain).toBeVisible();
  const cause = chain.locator("ol li a").first();
  const causeTitle = ((await cause.textContent()) ?? "").trim();
  expect(causeTitle).not.toBe("");
  await cause.click();
  await expect(page.getByTestId("finding-title")).toHaveText(causeTitle.replace(/^(critical|high|medium|low|info)\s*/, ""));
  await expect(page.getByTestId("cause-chain")).toContainText(title);
  await page.goBack();
  await expect(page.getByTestId("finding-title")).toHaveText(title);

  const ev = page.getByTestId("evidence-link").first();
  const evText = (await ev.textContent()) ?? "";
  const line = Number(/:(\d+)/.exec(evText)?.[1]);
  expect(line).toBeGreaterThan(0);
  await ev.click();
  await page.waitForURL(new RegExp(`/artifacts/.+\\?line=${line}`));
  const target = page.locator(`tr#L${line}`);
  await expect(target).toHaveClass(/line-target/);
  await expect(target).toBeInViewport();
  await shot(page, "04-evidence");

  if (fx.scenarioSource === "collector") {
    await page.goto(`/bundles/${encodeURIComponent(bundleId)}/netns`);
    await expect(page.getByTestId("dup-ip-summary")).toContainText(DUP_IP);
    // The collector sees every netns on this machine; ours carry the run's tag in their names.
    const ours = page.getByTestId("netns-node").filter({ hasText: fx.scenarioTag ?? "" });
    await expect(ours).toHaveCount(2);
    for (const node of await ours.all()) {
      await expect(node.getByTestId("badge-dup-ip")).toContainText(DUP_IP);
      await expect(node.getByTestId("badge-no-process")).toBeVisible();
    }
    await ours.first().click();
    await expect(page.getByTestId("netns-panel")).toContainText(DUP_IP);
    await expect(page.getByTestId("netns-panel")).toContainText(`/run/netns/${fx.scenarioTag}`);
    await shot(page, "05-netns");
  }
});

test("timeline filters by text and source and opens an event's evidence", async ({ page }) => {
  const fx = fixtures();
  test.skip(!fx.scenario, "no scenario bundle");
  failOnDialog(page);
  // Opens the scenario bundle (uploaded by the first test, or now).
  await uploadThroughPage(page, fx.scenario as string);
  await page.getByRole("link", { name: "Timeline" }).click();
  const total = page.getByTestId("timeline-total");
  await expect(total).toHaveText(/^[\d,]+ events$/);
  const all = Number((await total.textContent())!.replace(/\D/g, ""));
  expect(all).toBeGreaterThan(0);
  await expect(page.getByTestId("timeline-histogram")).toBeVisible();
  const first = page.getByTestId("timeline-row").first();
  await expect(first).toBeVisible();
  await shot(page, "06-timeline");

  // Filter by a word from the first event: every visible row must contain it.
  const word = ((await first.locator("span").last().textContent()) ?? "").split(/\s+/).find((w) => w.length >= 4) ?? "";
  expect(word).not.toBe("");
  await page.getByTestId("timeline-text").fill(word);
  // The filter is debounced: once the URL carries it, the new window has been requested.
  await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe(word);
  await expect(total).toHaveText(/^[\d,]+ events$/);
  await expect
    .poll(async () => {
      const texts = await page.getByTestId("timeline-row").allTextContents();
      return texts.length > 0 && texts.every((t) => t.toLowerCase().includes(word.toLowerCase()));
    })
    .toBe(true);
  const filtered = Number((await total.textContent())!.replace(/\D/g, ""));
  expect(filtered).toBeLessThanOrEqual(all);

  // Unticking every source but "finding" keeps only finding events (possibly none).
  await page.getByTestId("timeline-text").fill("");
  for (const s of ["journal", "log", "process", "netns", "pcap", "file"]) await page.getByTestId(`source-${s}`).uncheck();
  await expect(page).toHaveURL(/sources=finding/);
  const onlyFindings = Number(((await total.textContent()) ?? "0").replace(/\D/g, ""));
  expect(onlyFindings).toBeLessThanOrEqual(all);

  for (const s of ["journal", "log", "process", "netns", "pcap", "file"]) await page.getByTestId(`source-${s}`).check();
  await page.getByTestId("timeline-row").first().click();
  await expect(page.getByTestId("timeline-selected")).toBeVisible();
  const link = page.getByTestId("event-evidence");
  if (await link.count()) {
    await link.click();
    await page.waitForURL(/\/artifacts\//);
    await expect(page.getByTestId("artifact-lines")).toBeVisible();
  }
});

// Evidence the analysis wrote (a matched log record) must not pose as numbered file lines:
// the committed demo bundle's CNI DEL failure cites kubelet.log line 2 as a quote.
test("a matched log record is a quote with one line link, not numbered artifact lines", async ({ page }) => {
  const demo = path.resolve("e2e/fixtures/demo-bundle.tar.gz");
  test.skip(!fs.existsSync(demo), "no e2e/fixtures/demo-bundle.tar.gz");
  failOnDialog(page);
  const bundleId = await uploadThroughPage(page, demo);
  await page.goto(`/bundles/${encodeURIComponent(bundleId)}/findings`);
  await page.getByTestId("finding-link").filter({ hasText: "CNI DEL failed" }).click();
  await expect(page.getByTestId("finding-title")).toContainText("CNI DEL failed");
  const item = page.getByTestId("evidence-quote-item");
  await expect(item).toHaveCount(1);
  await expect(item.getByTestId("evidence-quote")).toHaveText(/^kubelet\.log: Error deleting default_web-7d4b9c-x2k4q from network mynet\/mynet/);
  await expect(item).toContainText("log record as matched, not the raw line");
  // one link only (no per-line numbers), and no verbatim-lines evidence on this finding
  await expect(item.getByRole("link")).toHaveCount(1);
  await expect(page.getByTestId("evidence-link")).toHaveCount(0);
  const link = item.getByTestId("evidence-line-link");
  await expect(link).toHaveText("line 2");
  await shot(page, "07-quoted-evidence");
  await link.click();
  await page.waitForURL(/\/artifacts\/.+\?line=2/);
  await expect(page.locator("tr#L2")).toContainText("Error deleting default_web-7d4b9c-x2k4q");
  await expect(page.locator("tr#L2")).toHaveClass(/line-target/);

  // The map calls a netns orphaned exactly where the orphaned-runtime-shim finding does: the
  // demo's shim (PID 80) lives in the host netns, its child holds the pod netns.
  await page.goto(`/bundles/${encodeURIComponent(bundleId)}/netns`);
  const orphaned = page.getByTestId("netns-node").filter({ has: page.getByTestId("badge-orphan") });
  await expect(orphaned).toHaveCount(1);
  await expect(orphaned).toContainText("4026532376");
  await orphaned.click();
  // the tag sits on the holders the finding names (the shim's child, and the shim when it holds an fd)
  expect(await page.getByTestId("holder-orphaned-shim").count()).toBeGreaterThan(0);
  await expect(page.getByTestId("netns-panel")).toContainText("orphaned runtime shim (see findings)");
  await shot(page, "08-orphaned-shim-map");
});
