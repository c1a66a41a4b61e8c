import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { failOnDialog, uploadThroughPage } from "./helpers";
import { MAC, makePacketsBundle, NS, SERVER } from "./make-packets-bundle";

// The Packets view on a bundle with a capture (e2e/make-packets-bundle.ts): the oracle for the
// grouped counts is `netbundle pcap` on the same capture, for the packets tshark.

interface TCliGroup {
  kind: string;
  dst: string;
  dport: number;
  records: number;
  attempts: number;
}

test("packets view: grouped anomalies match netbundle pcap, filters narrow the conversations, a flow's packets match tshark", async ({ page }) => {
  failOnDialog(page);
  await page.setViewportSize({ width: 1400, height: 900 });
  const out = path.join(process.env.NETBUNDLE_E2E_DIR ?? "", "fixtures");
  fs.mkdirSync(out, { recursive: true });
  const { bundle, pcap } = makePacketsBundle(out);
  const bundleId = await uploadThroughPage(page, bundle);
  await page.goto(`/bundles/${encodeURIComponent(bundleId)}/packets`);

  // Grouped anomaly counts: the page's rows are netbundle pcap's groups on the same capture.
  const cli = JSON.parse(execFileSync(process.execPath, ["bin/netbundle.mjs", "pcap", pcap, "--format", "json"], { encoding: "utf8", maxBuffer: 64 << 20 })) as { anomalyGroups: TCliGroup[] };
  expect(cli.anomalyGroups.find((g) => g.kind === "syn-refused")).toMatchObject({ dst: SERVER, dport: 8080, records: 10, attempts: 40 });
  const rows = page.getByTestId("anomaly-group");
  await expect(rows).toHaveCount(cli.anomalyGroups.length);
  for (const g of cli.anomalyGroups) {
    const row = page.locator(`[data-testid="anomaly-group"][data-kind="${g.kind}"][data-endpoint="${g.dst}:${g.dport}"]`);
    await expect(row.getByTestId("group-records")).toHaveText(String(g.records));
  }
  const refusedGroup = page.locator(`[data-testid="anomaly-group"][data-kind="syn-refused"]`);
  await expect(refusedGroup).toContainText("10/40 (25%)");
  await expect(refusedGroup).toContainText(`${MAC.copy} ×10`);
  await expect(refusedGroup).toContainText(`in netns ${NS.copy}`);

  // The endpoint of a group lists its conversations: the refused ones to 198.18.0.5:8080.
  await refusedGroup.getByTestId("group-endpoint-link").click();
  await expect(page.getByTestId("conversation-count")).toHaveAttribute("data-shown", "10");
  for (const r of await page.getByTestId("conversation-row").all()) await expect(r).toHaveAttribute("data-outcome", "refused");
  await expect(page.getByTestId("filter-port")).toHaveValue("8080");
  await page.goto(`/bundles/${encodeURIComponent(bundleId)}/packets`);

  // The rate histogram counts tshark's SYNs (no ACK) and RSTs.
  const tsharkCount = (filter: string) => execFileSync("tshark", ["-r", pcap, "-Y", filter, "-T", "fields", "-e", "frame.number"], { encoding: "utf8" }).split("\n").filter(Boolean).length;
  await expect(page.getByTestId("rate-syn")).toHaveAttribute("data-total", String(tsharkCount("tcp.flags.syn==1 && tcp.flags.ack==0")));
  await expect(page.getByTestId("rate-rst")).toHaveAttribute("data-total", String(tsharkCount("tcp.flags.reset==1")));
  await expect(page.getByTestId("rate-retrans")).toHaveAttribute("data-total", "1");

  // Filters narrow the conversations (43 in the capture, all listed).
  const count = page.getByTestId("conversation-count");
  await expect(count).toHaveAttribute("data-shown", "43");
  await page.getByTestId("filter-port").fill("9090");
  await expect(count).toHaveAttribute("data-shown", "3");
  await expect(page.getByTestId("conversation-row")).toHaveCount(3);
  await page.getByTestId("filter-port").fill("");
  await page.getByTestId("filter-outcome").selectOption("refused");
  await expect(count).toHaveAttribute("data-shown", "10");
  await page.getByTestId("filter-outcome").selectOption("");
  await page.getByTestId("filter-ip").fill("198.18.0.9");
  await expect(count).toHaveAttribute("data-shown", "3");
  await page.getByTestId("filter-ip").fill("");
  // The refused ones were answered from the copy's netns (by its MAC).
  await page.getByTestId("filter-netns").fill(String(NS.copy));
  await expect(count).toHaveAttribute("data-shown", "10");
  for (const r of await page.getByTestId("conversation-row").all()) await expect(r).toHaveAttribute("data-outcome", "refused");
  await page.getByTestId("filter-netns").fill("");
  await expect(count).toHaveAttribute("data-shown", "43");

  // Sorting by packets, most first: the retransmitting conversation (8 packets) leads.
  await page.getByTestId("sort-packets").click();
  await expect(page.getByTestId("conversation-row").first()).toContainText(":40005 →");

  // Keyboard: focus the list, move down twice, Enter opens that flow.
  await page.getByTestId("sort-listed").click();
  await page.getByTestId("conversations-scroll").focus();
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  const second = ((await page.getByTestId("conversation-row").nth(1).locator("a").getAttribute("href")) ?? "").replace(/#.*/, "");
  await page.keyboard.press("Enter");
  await page.waitForURL((u) => `${u.pathname}${u.search}` === second);

  // A refused flow's packets are tshark's frames for that conversation.
  await page.getByTestId("filter-outcome").selectOption("refused");
  const link = page.getByTestId("conversation-row").first().locator("a");
  const text = (await link.textContent()) ?? "";
  const sport = Number(/198\.18\.0\.1:(\d+)/.exec(text)?.[1]);
  await link.click();
  await expect(page.getByTestId("flow-title")).toContainText(`198.18.0.1:${sport} → ${SERVER}:8080 · refused`);
  const want = execFileSync("tshark", ["-r", pcap, "-Y", `tcp.port==${sport}`, "-T", "fields", "-e", "frame.number", "-e", "tcp.flags.str", "-e", "tcp.seq_raw", "-e", "eth.src"], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split("\t"));
  expect(want).toHaveLength(2);
  const prow = page.getByTestId("packet-row");
  await expect(prow).toHaveCount(want.length);
  for (const [i, [frame, , seq, src]] of want.entries()) {
    await expect(prow.nth(i)).toHaveAttribute("data-frame", frame!);
    await expect(prow.nth(i)).toContainText(seq!);
    await expect(prow.nth(i)).toContainText(`${src} →`);
  }
  await expect(prow.nth(1)).toContainText("RST,ACK");
  await expect(page.getByTestId("ladder-arrow")).toHaveCount(2);
  await expect(page.getByTestId("flow-ladder")).toContainText("RST,ACK");

  await page.getByTestId("filter-outcome").selectOption("");
  fs.mkdirSync("test-results/screens", { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "test-results/screens/20-packets.png" });
  await page.screenshot({ path: "test-results/screens/21-packets-full.png", fullPage: true });
});
