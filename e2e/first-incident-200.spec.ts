import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { failOnDialog, shot, uploadThroughPage } from "./helpers";

// Issue 19's "done when": on a 200-netns bundle with a large capture, an engineer finds the
// refused endpoint, the answering copy and its namespace in three clicks. The bench
// generator's bundle (bench/ingest/make-bundle.mjs) puts 199 pods on cni0, pod 150 holding a
// stale copy of pod 5's 198.18.0.7, a 12 MiB capture of unrelated loopback traffic (with its
// own refusals) and a capture on cni0 where the copy answers one SYN in four with RST.
const ENDPOINT = "198.18.0.7:8080";
const COPY = { inode: "4026532150", mac: "02:42:c6:12:00:96" };
const LIVE = { inode: "4026532005", mac: "02:42:c6:12:00:05" };

test("200 netns and a large capture: the refused endpoint, the answering copy and its namespace in three clicks", async ({ page }) => {
  failOnDialog(page);
  await page.setViewportSize({ width: 1400, height: 900 });
  const file = path.join(process.env.NETBUNDLE_E2E_DIR ?? "", "fixtures", "bench-200-netns-incident.tar.gz");
  execFileSync(process.execPath, ["bench/ingest/make-bundle.mjs", file, "2000", "12"], { stdio: "pipe" });
  const id = await uploadThroughPage(page, file);

  // The engineer starts from the bundle list.
  await page.goto("/bundles");
  await page.locator(`a[href="/bundles/${encodeURIComponent(id)}"]`).first().click(); // 1
  const top = page.getByTestId("top-findings");
  const refused = top.getByRole("link", { name: new RegExp(`^10 of 40 connections to ${ENDPOINT.replaceAll(".", "\\.")} refused`) });
  await expect(refused).toBeVisible();
  await refused.click(); // 2
  await expect(page.getByTestId("finding-title")).toHaveText(`10 of 40 connections to ${ENDPOINT} refused (RST) in the capture`);
  // The finding names who refused (the copy) and who accepted (the live pod), by MAC and namespace.
  await expect(page.getByText(new RegExp(`The RST came from ${COPY.mac} \\(eth0 in netns ${COPY.inode}`))).toBeVisible();
  await expect(page.getByText(new RegExp(`The SYN-ACKs came from ${LIVE.mac} \\(eth0 in netns ${LIVE.inode}`))).toBeVisible();
  await expect(page.getByTestId("cause-chain")).toContainText("IP 198.18.0.7 is configured in 2 network namespaces");
  await shot(page, "incident-200-finding");
  await page.getByTestId("entity-netns-link").filter({ hasText: COPY.inode }).click(); // 3

  // The map opens on the copy: drawn out of its group, centred, its details open.
  await expect(page).toHaveURL(new RegExp(`/bundles/${id}/netns\\?netns=${COPY.inode}$`));
  const panel = page.getByTestId("netns-panel");
  await expect(panel).toContainText(`inode ${COPY.inode}`);
  await expect(panel).toContainText("198.18.0.7");
  await expect(page.getByTestId("netns-search")).toHaveValue(COPY.inode);
  const node = page.locator(`[data-testid="netns-node"][data-inode="${COPY.inode}"]`);
  await expect(node).toHaveAttribute("data-match", "current");
  await expect(node).toContainText("DUP IP");
  // the bridge the pods hang off is drawn, with an edge to the copy's namespace
  await expect(page.locator(".react-flow__node").filter({ hasText: "cni0" }).first()).toBeVisible();
  await shot(page, "incident-200-map");
});
