import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN, ADMIN_STATE, ANONYMOUS, BASE, DB_FILE, E2E_DIR, OIDC } from "./e2e-env";
import { failOnDialog, fixtures, freshContext, shot, signInThroughForm, waitForHydration } from "./helpers";
import { startOidcProvider } from "./oidc-provider";

// The support portal end to end, in a real browser against the real server: accounts, cases,
// customer upload links (browser and the real collector), incident links, deny-by-default,
// CSRF, sign-in backoff, security headers, API tokens (with the real curl) and OIDC sign-in
// against a real OpenID provider. The spec's own `page` is the bootstrap admin's
// (e2e/auth.setup.ts); everybody else is a fresh browser context.

const RUN = Date.now().toString(36);
const ENGINEER = { email: `engineer-${RUN}@netbundle.localhost`, password: `engineer-${RUN}-pw!` };
const ENGINEER_STATE = path.join(E2E_DIR, "engineer-state.json");
const CASE_TITLE = `Node 7 drops pod traffic (${RUN})`;

const sha256 = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The IPv4 addresses in a text that a pseudonymiser must not let through (it keeps 0/8, 127/8, multicast, 240/4, the metadata address). */
function realIpv4s(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.])/g)) {
    const ip = m[0];
    const first = Number(ip.split(".")[0]);
    if (first === 0 || first === 127 || first >= 224 || ip === "169.254.169.254") continue;
    out.add(ip);
  }
  return out;
}

/** Runs a program to its end without blocking the worker; never throws on a non-zero exit. */
function run(cmd: string, args: string[], opts: { timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], env: opts.env ?? process.env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGTERM"), opts.timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * A network namespace made for the collector, whose 127.0.0.1:PORT reaches the test server.
 * Namespaces share no loopback, and the root namespace's interfaces are not ours to touch, so
 * the bytes go through a Unix socket (sockets in the file system cross namespaces): a relay
 * inside the namespace listens on its loopback and a relay here forwards to the server.
 */
async function uploadNamespace(name: string, port: number): Promise<{ name: string; remove: () => Promise<void> }> {
  const sock = path.join(E2E_DIR, `${name}.sock`);
  fs.rmSync(sock, { force: true });
  const outer = net.createServer((c) => {
    const s = net.connect(port, "127.0.0.1");
    c.pipe(s).pipe(c);
    c.on("error", () => s.destroy());
    s.on("error", () => c.destroy());
  });
  await new Promise<void>((ok) => outer.listen(sock, ok));
  await run("ip", ["netns", "add", name], { timeoutMs: 10_000 });
  await run("ip", ["-n", name, "link", "set", "lo", "up"], { timeoutMs: 10_000 });
  const relay = `require("net").createServer((c)=>{const s=require("net").connect(${JSON.stringify(sock)});c.pipe(s).pipe(c);c.on("error",()=>s.destroy());s.on("error",()=>c.destroy())}).listen(${port},"127.0.0.1",()=>console.log("up"))`;
  const inner = spawn("ip", ["netns", "exec", name, process.execPath, "-e", relay], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((ok, fail) => {
    inner.stdout!.once("data", () => ok());
    inner.once("exit", (code) => fail(new Error(`relay in ${name} exited with ${code}`)));
  });
  return {
    name,
    remove: async () => {
      inner.kill("SIGTERM");
      await new Promise<void>((ok) => outer.close(() => ok()));
      await run("ip", ["netns", "del", name], { timeoutMs: 10_000 });
      fs.rmSync(sock, { force: true });
    },
  };
}

async function engineerPage(browser: Browser): Promise<Page> {
  test.skip(!fs.existsSync(ENGINEER_STATE), "the engineer of the first portal test is missing (did it fail?)");
  const ctx = await freshContext(browser, { storageState: ENGINEER_STATE });
  const page = await ctx.newPage();
  failOnDialog(page);
  return page;
}

/** Creates a user through /admin/users with the admin's page. */
async function addUser(admin: Page, u: { email: string; name: string; role: "engineer" | "admin"; password: string }): Promise<void> {
  await admin.goto("/admin/users");
  await waitForHydration(admin);
  const form = admin.locator("form", { has: admin.getByRole("button", { name: "Add user" }) });
  await form.getByLabel("E-mail").fill(u.email);
  await form.getByLabel("Name").fill(u.name);
  await form.getByLabel("Role").selectOption(u.role);
  await form.getByLabel("Initial password (12+)").fill(u.password);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByRole("status")).toContainText(`Created ${u.email} (${u.role})`);
  await expect(admin.getByTestId("user-list")).toContainText(u.email);
}

/** On a case page: creates an upload link and returns its URL (shown once). */
async function createUploadLink(page: Page, label: string): Promise<string> {
  await waitForHydration(page);
  const form = page.locator("form", { has: page.getByRole("button", { name: "Create upload link" }) });
  await form.getByLabel("Label").fill(label);
  await form.getByRole("button", { name: "Create upload link" }).click();
  const url = await page.getByTestId("upload-link-url").inputValue({ timeout: 15_000 });
  expect(url).toMatch(new RegExp(`^${esc(BASE)}/u/nbu_[A-Za-z0-9_-]{43}$`));
  return url;
}

test.describe("case workflow", () => {
  test.describe.configure({ mode: "serial" });
  let caseUrl = "";
  let bundleId = "";

  test("admin adds an engineer; the engineer opens a case and an upload link; a customer uploads and sees only the receipt", async ({ browser }) => {
    const fx = fixtures();
    const bundleFile = fx.scenario ?? path.resolve("e2e/fixtures/demo-bundle.tar.gz");
    test.skip(!fs.existsSync(bundleFile), "no scenario bundle and no e2e/fixtures/demo-bundle.tar.gz");

    // The admin, through the sign-in form of a fresh browser.
    const adminCtx = await freshContext(browser);
    const admin = await adminCtx.newPage();
    failOnDialog(admin);
    await admin.goto("/sign-in");
    await waitForHydration(admin);
    await shot(admin, "20-sign-in");
    await signInThroughForm(admin, ADMIN.email, ADMIN.password);
    await admin.getByRole("link", { name: "Admin", exact: true }).click();
    await expect(admin).toHaveURL(/\/admin\/users$/);
    await addUser(admin, { email: ENGINEER.email, name: "E2E Engineer", role: "engineer", password: ENGINEER.password });
    await shot(admin, "21-admin-users");
    await adminCtx.close();

    // The engineer, in another fresh browser: a case, then an upload link for the customer.
    const engCtx = await freshContext(browser);
    const eng = await engCtx.newPage();
    failOnDialog(eng);
    await signInThroughForm(eng, ENGINEER.email, ENGINEER.password);
    await expect(eng.getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);
    await eng.getByRole("link", { name: "New case" }).click();
    await waitForHydration(eng);
    await eng.getByLabel("Title").fill(CASE_TITLE);
    await eng.getByLabel("Customer / organisation").fill("ACME Networks");
    await eng.getByLabel("Ticket reference").fill(`E2E-${RUN}`);
    await eng.getByRole("button", { name: "Create case" }).click();
    await eng.waitForURL((u) => /^\/cases\/[^/]+$/.test(u.pathname) && u.pathname !== "/cases/new");
    caseUrl = new URL(eng.url()).pathname;
    await expect(eng.getByTestId("case-title")).toHaveText(CASE_TITLE);
    const linkUrl = await createUploadLink(eng, "customer browser upload");
    await expect(eng.getByTestId("upload-links")).toContainText("customer browser upload");
    await shot(eng, "22-case-with-upload-link");
    await engCtx.storageState({ path: ENGINEER_STATE });

    // The customer: a browser that has never signed in, with nothing but the link.
    const custCtx = await freshContext(browser);
    const cust = await custCtx.newPage();
    failOnDialog(cust);
    await cust.goto(linkUrl);
    await expect(cust).toHaveURL(/\/u\/nbu_[A-Za-z0-9_-]{43}\/upload$/);
    await expect(cust.getByTestId("case-title")).toHaveText(CASE_TITLE);
    await expect(cust.getByTestId("collector-command")).toHaveValue(new RegExp(`--upload '${esc(linkUrl)}'`));
    await waitForHydration(cust);
    await cust.getByTestId("file-input").setInputFiles(bundleFile);
    await expect(cust.getByTestId("upload-receipt")).toBeVisible({ timeout: 60_000 });
    await expect(cust.getByTestId("receipt-sha256")).toHaveText(sha256(bundleFile));
    await expect(cust.getByTestId("upload-receipt")).toContainText(path.basename(bundleFile));
    await shot(cust, "23-upload-receipt");
    // Only the receipt: no way into the portal from here, and the API refuses this browser.
    const hrefs = await cust.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    expect(hrefs.filter((h) => /\/(bundles|cases|admin|account)\b/.test(h))).toEqual([]);
    await expect(cust.getByTestId("account-link")).toHaveCount(0);
    await expect(cust.locator("body")).not.toContainText("ACME Networks");
    expect((await cust.request.get("/api/bundles")).status()).toBe(401);
    expect((await cust.request.get(`/api/bundles?case=${encodeURIComponent(caseUrl.split("/")[2] ?? "")}`)).status()).toBe(401);
    await custCtx.close();

    // The engineer finds the bundle in the case.
    await eng.goto(caseUrl);
    const list = eng.getByTestId("bundle-list");
    await expect(list).toContainText(path.basename(bundleFile));
    const href = (await list.getByRole("link").first().getAttribute("href")) ?? "";
    expect(href).toMatch(/^\/bundles\/[^/]+$/);
    bundleId = decodeURIComponent(href.split("/")[2] ?? "");
    await eng.context().close();
  });

  test("the real collector, run as root inside a network namespace of the test's own, uploads into the case with --upload", async ({ browser }) => {
    test.skip(process.getuid?.() !== 0, "the collector must run as root to see every network namespace (run the browser tests as root)");
    test.skip(!caseUrl, "no case from the first test");
    const eng = await engineerPage(browser);
    await eng.goto(caseUrl);
    const linkUrl = await createUploadLink(eng, "collector --upload");
    const token = linkUrl.split("/u/")[1] ?? "";
    const out = path.join(E2E_DIR, `collector-upload-${RUN}.tar.gz`);
    const collector = path.resolve("collector-script/netbundle-collect.sh");
    // As short as the collector gets (see make-scenario-bundle.ts): recent journal only, short
    // command timeouts, no capture; the whole node is still collected.
    const ns = await uploadNamespace(`nbup-${RUN}`, Number(new URL(BASE).port));
    let r: Awaited<ReturnType<typeof run>>;
    try {
      r = await run("ip", ["netns", "exec", ns.name, "sh", collector, "--output", out, "--since", "10m", "--timeout", "5", "--jobs", "2", "--pcap-seconds", "0", "--upload", linkUrl], {
        timeoutMs: 180_000,
        env: { ...process.env, NETBUNDLE_UPLOAD_BACKOFF_SECONDS: "1" },
      });
    } finally {
      await ns.remove();
    }
    expect(r.code, `collector failed:\n${r.stderr.slice(-3000)}`).toBe(0);
    expect(r.stdout.trim().split("\n").pop()).toBe(out);
    const sum = sha256(out);
    expect(r.stderr).toContain("upload receipt:");
    expect(r.stderr).toContain(`sha256:   ${sum}`);
    expect(r.stderr).toContain(`case:     ${CASE_TITLE}`);
    expect(r.stderr).toContain("receipt verified");
    // The link is the credential: the collector masks it in what it prints.
    expect(r.stderr + r.stdout).not.toContain(token);

    await eng.goto(caseUrl);
    const row = eng.getByTestId("bundle-list").locator("tbody tr", { hasText: path.basename(out) });
    await expect(row).toHaveCount(1);
    await row.getByRole("link").first().click();
    await expect(eng.getByTestId("status-badge").first()).toHaveText(/ready|partial/, { timeout: 90_000 });
    await eng.context().close();
  });

  test("an incident link shows exactly the selected findings, pseudonymised, and nothing else; revoked and expired links are gone", async ({ browser, playwright }) => {
    test.skip(!bundleId, "no bundle from the first test");
    const eng = await engineerPage(browser);
    const base = `/bundles/${encodeURIComponent(bundleId)}`;
    await eng.goto(base);
    await expect(eng.getByTestId("status-badge").first()).toHaveText(/ready|partial/, { timeout: 90_000 });
    const realHost = ((await eng.getByTestId("bundle-host").textContent()) ?? "").trim();

    // What the engineer sees of each finding: its title, evidence heading and the IPv4 addresses in it.
    await eng.goto(`${base}/findings`);
    const findingLinks = eng.getByTestId("finding-link");
    const n = await findingLinks.count();
    expect(n, "the bundle should have at least two findings").toBeGreaterThanOrEqual(2);
    const all: { href: string; title: string; evidence: string; ips: Set<string> }[] = [];
    for (const l of (await findingLinks.all()).slice(0, 30)) all.push({ href: (await l.getAttribute("href")) ?? "", title: ((await l.textContent()) ?? "").trim(), evidence: "", ips: new Set() });
    for (const f of all) {
      await eng.goto(f.href);
      const article = eng.locator("article");
      await expect(eng.getByTestId("finding-title")).toHaveText(f.title);
      f.evidence = ((await eng.getByTestId("evidence").locator("h2").textContent()) ?? "").trim();
      f.ips = realIpv4s(await article.innerText());
    }
    // The two findings carrying the most addresses (a stable sort keeps the list's order on ties).
    const chosen = [...all].sort((a, b) => b.ips.size - a.ips.size).slice(0, 2);
    const real = new Set(chosen.flatMap((f) => [...f.ips]));
    expect(real.size, `no IPv4 address in the evidence of the chosen findings: ${chosen.map((f) => f.title).join(" | ")}`).toBeGreaterThan(0);

    await eng.goto(`${base}/findings`);
    await waitForHydration(eng);
    for (const f of chosen) await eng.locator("tr", { has: eng.locator(`a[href="${f.href}"]`) }).getByTestId("share-checkbox").check();
    await eng.getByTestId("pseudonymise").check();
    await eng.getByTestId("create-incident-link").click();
    const linkUrl = await eng.getByTestId("incident-link-url").inputValue({ timeout: 15_000 });
    expect(linkUrl).toMatch(new RegExp(`^${esc(BASE)}/s/nbs_[A-Za-z0-9_-]{43}$`));
    const token = linkUrl.split("/s/")[1] ?? "";
    await shot(eng, "24-findings-share");

    // The outside party: a fresh browser with the link only.
    const anonCtx = await freshContext(browser);
    const anon = await anonCtx.newPage();
    failOnDialog(anon);
    await anon.goto(linkUrl);
    await expect(anon).toHaveURL(new RegExp(`/s/${esc(token)}/view$`));
    const sections = anon.getByTestId("incident-finding");
    await expect(sections).toHaveCount(2);
    await expect(anon.getByTestId("incident-view")).toContainText("pseudonymised");
    // Titles match once addresses and the host name are blanked (they are pseudonymised).
    const blank = (s: string) =>
      s
        .replace(/(?<![\d.])\d{1,3}(\.\d{1,3}){3}(?![\d.])/g, "<ip>")
        .replace(/\b[0-9a-f]{2}(:[0-9a-f]{2}){5}\b/gi, "<mac>")
        .replace(/host-[0-9a-f]{6}/g, "<host>")
        .split(realHost || "\u0000")
        .join("<host>");
    const shownTitles = (await sections.locator("h2").filter({ hasNotText: /^Why it matters|^Remediation|^Entities|^Evidence|^References/ }).allTextContents()).map(blank);
    expect(shownTitles.sort()).toEqual(chosen.map((f) => blank(f.title)).sort());
    const shownEvidence = (await sections.getByTestId("evidence").locator("h2").allTextContents()).map((s) => s.trim());
    expect(shownEvidence.sort()).toEqual(chosen.map((f) => f.evidence).sort());
    const text = await anon.locator("body").innerText();
    for (const ip of real) expect(new RegExp(`(?<![\\d.])${esc(ip)}(?![\\d.])`).test(text), `real address ${ip} on the incident page`).toBe(false);
    // The host name: pseudonymised in the header, and nowhere as a whole token (as the pseudonymiser matches it).
    await expect(anon.getByTestId("incident-host")).toHaveText(/^host-[0-9a-f]{6}$/);
    if (realHost) expect(new RegExp(`(?<![A-Za-z0-9_.-])${esc(realHost)}(?![A-Za-z0-9_-])(?!\\.[A-Za-z0-9])`, "i").test(text), `host name ${realHost} on the incident page`).toBe(false);
    const hrefs = await anon.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    expect(hrefs.filter((h) => h.startsWith("/") || h.startsWith(BASE))).toEqual([]);
    await shot(anon, "25-incident-view");

    // Under the link's address only its own pages exist.
    for (const p of ["findings/x", "findings", "artifacts", "timeline", "netns", "packets", "links", "view/x", "collector.sh"]) {
      expect((await anonCtx.request.get(`/s/${token}/${p}`)).status(), `/s/TOKEN/${p}`).toBe(404);
    }
    // The link's token as a bearer reaches nothing.
    const bearer = await playwright.request.newContext({ baseURL: BASE, storageState: ANONYMOUS, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    for (const p of ["/api/bundles", `/api/bundles/${encodeURIComponent(bundleId)}`, `${base}/timeline/events`, `${base}/timeline/histogram`]) {
      expect((await bearer.get(p)).status(), `${p} with the incident token as bearer`).toBe(404);
    }
    expect((await bearer.delete(`/api/bundles/${encodeURIComponent(bundleId)}`)).status()).toBe(404);
    expect((await bearer.post(`/api/bundles/${encodeURIComponent(bundleId)}/retry`)).status()).toBe(404);
    for (const p of [base, `${base}/findings`, "/", "/cases", "/account"]) {
      expect((await bearer.get(p, { headers: { accept: "text/html" }, maxRedirects: 0 })).status(), `page ${p} with the incident token as bearer`).toBe(404);
    }
    // ... while the public pages still render for such a request (the link's own page counts a view).
    expect((await bearer.get("/sign-in", { headers: { accept: "text/html" } })).status()).toBe(200);
    expect((await bearer.get(`/s/${token}/view`, { headers: { accept: "text/html" } })).status()).toBe(200);
    await bearer.dispose();
    // The bundle's own pages send the anonymous browser to the sign-in page.
    for (const p of [base, `${base}/findings`, `${base}/artifacts`, `${base}/links`]) {
      await anon.goto(p);
      await expect(anon, p).toHaveURL(/\/sign-in\?next=/);
    }

    // The links tab counts the two views (the browser's and the bearer request's).
    await eng.goto(`${base}/links`);
    const row = eng.getByTestId("incident-link-row").first();
    await expect(row.getByTestId("incident-link-views")).toHaveText("2");
    await expect(row.getByTestId("incident-link-state")).toHaveText("active");
    await shot(eng, "26-incident-links");
    // Revoked: 410 with why, for a browser and for a script.
    await waitForHydration(eng);
    await row.getByTestId("revoke-incident-link").click();
    await expect(row.getByTestId("incident-link-state")).toHaveText("revoked");
    const gone = await anon.goto(`/s/${token}`);
    expect(gone?.status()).toBe(410);
    await expect(anon.getByTestId("link-problem")).toContainText("no longer valid");
    await expect(anon.locator("body")).toContainText("revoked");
    const goneJson = await anonCtx.request.get(`/s/${token}`, { maxRedirects: 0 });
    expect(goneJson.status()).toBe(410);
    expect(((await goneJson.json()) as { error: { state?: string } }).error.state).toBe("revoked");
    expect((await anonCtx.request.get(`/s/${token}/view`)).status()).toBe(404);

    // Expired: a second link, then its expiry moved into the past in the server's database.
    await eng.goto(`${base}/findings`);
    await waitForHydration(eng);
    await eng.locator("tr", { has: eng.locator(`a[href="${chosen[0]!.href}"]`) }).getByTestId("share-checkbox").check();
    await eng.getByTestId("create-incident-link").click();
    const second = (await eng.getByTestId("incident-link-url").inputValue({ timeout: 15_000 })).split("/s/")[1] ?? "";
    expect(second).not.toBe(token);
    expect((await anonCtx.request.get(`/s/${second}`, { maxRedirects: 0 })).status()).toBe(303);
    const db = new Database(DB_FILE, { timeout: 10_000 });
    try {
      const hash = crypto.createHash("sha256").update(second).digest("hex");
      const before = db.prepare("SELECT expiresAt FROM ShareLink WHERE tokenHash = ?").get(hash) as { expiresAt: number | string } | undefined;
      expect(before, "the second link's row").toBeTruthy();
      // Prisma keeps DateTime as epoch milliseconds or ISO text in SQLite: write it the same way.
      const past = Date.now() - 60_000;
      const value = typeof before!.expiresAt === "number" ? past : new Date(past).toISOString();
      expect(db.prepare("UPDATE ShareLink SET expiresAt = ? WHERE tokenHash = ?").run(value, hash).changes).toBe(1);
    } finally {
      db.close();
    }
    const expired = await anon.goto(`/s/${second}`);
    expect(expired?.status()).toBe(410);
    await expect(anon.locator("body")).toContainText("expired");
    await eng.goto(`${base}/links`);
    await expect(eng.getByTestId("incident-link-row").first().getByTestId("incident-link-state")).toHaveText("expired");
    await anonCtx.close();
    await eng.context().close();
  });

  test("an API token works for curl on the API and on pages until it is revoked", async ({ browser }) => {
    const eng = await engineerPage(browser);
    await eng.goto("/account");
    await waitForHydration(eng);
    const name = `ci-${RUN}`;
    await eng.getByLabel("Name").fill(name);
    await eng.getByRole("button", { name: "Create token" }).click();
    const token = await eng.getByTestId("api-token-value").inputValue({ timeout: 15_000 });
    expect(token).toMatch(/^nbt_[A-Za-z0-9_-]{43}$/);
    await shot(eng, "27-account-token");

    const curl = async (p: string) => {
      const r = await run("curl", ["-sS", "-o", "-", "-w", "\n%{http_code} %{content_type}", "-H", `Authorization: Bearer ${token}`, `${BASE}${p}`], { timeoutMs: 30_000 });
      expect(r.code, r.stderr).toBe(0);
      const i = r.stdout.lastIndexOf("\n");
      const [status, type] = r.stdout.slice(i + 1).split(" ");
      return { status: Number(status), type: type ?? "", body: r.stdout.slice(0, i) };
    };
    const api = await curl("/api/bundles");
    expect(api.status).toBe(200);
    expect(api.type).toMatch(/application\/json/);
    expect(JSON.parse(api.body)).toHaveProperty("bundles");
    const page = await curl("/cases");
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/text\/html/);
    expect(page.body).toContain(CASE_TITLE);
    expect(page.body).toContain(ENGINEER.email);

    const row = eng.getByTestId("api-tokens").locator("tr", { hasText: name });
    await row.getByRole("button", { name: "Revoke" }).click();
    await expect(row).toContainText("revoked");
    const after = await curl("/api/bundles");
    expect(after.status).toBe(401);
    const pageAfter = await curl("/cases");
    expect(pageAfter.status, "a page with a revoked token").not.toBe(200);
    expect(pageAfter.body).not.toContain(CASE_TITLE);
    await eng.context().close();
  });
});

test.describe("deny by default", () => {
  test("without credentials every page goes to the sign-in page and the API answers 401", async ({ browser, page }) => {
    // Real ids where there are some (the admin's page can list them), made-up ones otherwise.
    const listed = (await (await page.request.get("/api/bundles")).json()) as { bundles: { id: string; caseId: string }[] };
    const b = encodeURIComponent(listed.bundles[0]?.id ?? "nope");
    const c = encodeURIComponent(listed.bundles[0]?.caseId ?? "nope");
    const pages = ["/", "/cases", "/cases/new", `/cases/${c}`, "/bundles", `/bundles/${b}`, `/bundles/${b}/findings`, `/bundles/${b}/findings/x`, `/bundles/${b}/timeline`,
      `/bundles/${b}/netns`, `/bundles/${b}/artifacts`, `/bundles/${b}/artifacts/manifest.json`, `/bundles/${b}/packets`, `/bundles/${b}/links`, "/account", "/admin/users", "/admin/audit", "/no-such-page"];
    const ctx = await freshContext(browser);
    const anon = await ctx.newPage();
    failOnDialog(anon);
    for (const p of pages) {
      await anon.goto(p);
      const u = new URL(anon.url());
      expect(u.pathname, p).toBe("/sign-in");
      expect(u.searchParams.get("next"), p).toBe(decodeURI(p));
      await expect(anon.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
    }
    for (const [method, p] of [["GET", "/api/bundles"], ["POST", "/api/bundles"], ["GET", `/api/bundles/${b}`], ["DELETE", `/api/bundles/${b}`], ["POST", `/api/bundles/${b}/retry`], ["GET", `/bundles/${b}/timeline/events`], ["GET", `/bundles/${b}/timeline/histogram`]] as const) {
      const r = await ctx.request.fetch(p, { method, headers: { origin: BASE }, maxRedirects: 0 });
      expect(r.status(), `${method} ${p}`).toBe(401);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
    }
    expect((await ctx.request.get("/api/health")).status()).toBe(200);
    await ctx.close();
  });

  test("a cross-origin POST carrying a valid session cookie is refused", async ({ playwright }) => {
    const ctx = await playwright.request.newContext({ baseURL: BASE, storageState: ADMIN_STATE });
    const target = "/api/bundles/no-such-bundle/retry";
    const evil = await ctx.post(target, { headers: { origin: "http://evil.example" } });
    expect(evil.status()).toBe(403);
    expect(((await evil.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
    expect((await ctx.post(target, { headers: { referer: "http://evil.example/page" } })).status()).toBe(403);
    expect((await ctx.delete("/api/bundles/no-such-bundle", { headers: { origin: "http://evil.example" } })).status()).toBe(403);
    expect((await ctx.post(target)).status(), "neither Origin nor Referer").toBe(403);
    // Same origin, same cookie: through to the route (which has no such bundle).
    expect((await ctx.post(target, { headers: { origin: BASE } })).status()).toBe(404);
    await ctx.dispose();
  });

  test("failed sign-ins back off per account, whatever address they come from, and per address", async ({ browser, page }) => {
    const victim = { email: `victim-${RUN}@netbundle.localhost`, name: "Backoff Victim", role: "engineer" as const, password: `victim-${RUN}-right` };
    await addUser(page, victim);
    const ctx = await freshContext(browser);
    const p = await ctx.newPage();
    failOnDialog(p);
    await p.goto("/sign-in");
    await waitForHydration(p);
    const attempt = async (password: string, from: string) => {
      // A new client address every time: better-auth's per-address limit never trips, the per-account backoff must.
      await p.setExtraHTTPHeaders({ "x-forwarded-for": from });
      await p.getByLabel("E-mail").fill(victim.email);
      await p.getByLabel("Password").fill(password);
      const [res] = await Promise.all([p.waitForResponse((r) => r.url().endsWith("/api/auth/sign-in/email")), p.getByRole("button", { name: "Sign in", exact: true }).click()]);
      return res.status();
    };
    // (within main: Next's route announcer is an alert too)
    const alert = p.locator("main").getByRole("alert");
    for (let i = 1; i <= 5; i++) {
      expect(await attempt(`wrong-password-${i}`, `198.51.100.${i}`)).toBe(401);
      await expect(alert).toHaveText("Wrong e-mail or password.");
    }
    expect(await attempt("wrong-password-6", "198.51.100.6")).toBe(429);
    await expect(alert).toHaveText(/^Too many failed sign-ins for this account: try again in \d+ s$/);
    await shot(p, "28-sign-in-backoff");
    // Even the right password waits now.
    expect(await attempt(victim.password, "198.51.100.7")).toBe(429);
    await expect(alert).toHaveText(/^Too many failed sign-ins for this account/);
    await expect(p.getByTestId("account-link")).toHaveCount(0);
    await ctx.close();

    // better-auth's own limit: at most 10 sign-in requests a minute from one address (other accounts each time).
    const one = await freshContext(browser);
    const statuses: number[] = [];
    let message = "";
    for (let i = 0; i < 12; i++) {
      const r = await one.request.post("/api/auth/sign-in/email", {
        headers: { origin: BASE, "x-forwarded-for": "203.0.113.99" },
        data: { email: `nobody-${RUN}-${i}@netbundle.localhost`, password: "not-the-password" },
      });
      statuses.push(r.status());
      if (r.status() === 429) message = ((await r.json()) as { message?: string }).message ?? "";
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(message).toMatch(/too many requests/i);
    await one.close();
  });

  test("security headers on a page, an API answer and a static asset; the page's scripts run under the CSP", async ({ page, playwright }) => {
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/content security policy|refused to (execute|load|apply|connect)/i.test(m.text())) violations.push(m.text());
    });
    await page.addInitScript(() => {
      (window as unknown as { __csp: string[] }).__csp = [];
      document.addEventListener("securitypolicyviolation", (e) => (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const res = await page.goto("/cases");
    expect(res?.status()).toBe(200);
    const check = (h: Record<string, string>, what: string) => {
      const csp = h["content-security-policy"] ?? "";
      const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1] ?? "";
      expect(scriptSrc, `${what}: script-src`).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
      expect(scriptSrc, `${what}: script-src`).not.toContain("unsafe-inline");
      expect(scriptSrc, `${what}: script-src`).not.toContain("unsafe-eval");
      expect(csp, what).toMatch(/(?:^|;)\s*frame-ancestors 'none'/);
      expect(csp, what).toMatch(/(?:^|;)\s*object-src 'none'/);
      expect(h["x-content-type-options"], what).toBe("nosniff");
      expect(h["referrer-policy"], what).toBe("no-referrer");
      expect(h["x-frame-options"], what).toBe("DENY");
      return /'nonce-([^']+)'/.exec(scriptSrc)?.[1] ?? "";
    };
    const nonce = check(res!.headers(), "page");
    // Every script tag of the page carries this response's nonce, and each response has its own.
    const html = await res!.text();
    const tags = html.match(/<script\b[^>]*>/g) ?? [];
    expect(tags.length).toBeGreaterThan(0);
    for (const t of tags) expect(t, "script tag without the nonce").toContain(`nonce="${nonce}"`);
    const again = await page.request.get("/cases");
    expect(check(again.headers(), "page again")).not.toBe(nonce);

    const api = await page.request.get("/api/health");
    check(api.headers(), "API");
    const nobody = await playwright.request.newContext({ baseURL: BASE, storageState: ANONYMOUS });
    const denied = await nobody.get("/api/bundles");
    expect(denied.status()).toBe(401);
    check(denied.headers(), "401 answer");
    const toSignIn = await nobody.get("/cases", { headers: { accept: "text/html" }, maxRedirects: 0 });
    expect(toSignIn.status()).toBe(303);
    check(toSignIn.headers(), "redirect to the sign-in page");
    await nobody.dispose();
    const js = await page.locator('script[src^="/_next/static/"]').first().getAttribute("src");
    const asset = await page.request.get(js ?? "");
    expect(asset.status()).toBe(200);
    check(asset.headers(), "static asset");
    const css = await page.locator('link[rel="stylesheet"][href^="/_next/static/"]').first().getAttribute("href");
    check((await page.request.get(css ?? "")).headers(), "stylesheet");

    // The scripts run: React hydrated (the theme toggle's effect ran) and a click does something.
    await waitForHydration(page);
    const dark = await page.evaluate(() => document.documentElement.classList.contains("dark"));
    await page.getByTestId("theme-toggle").click();
    await expect(page.locator("html")).toHaveClass(dark ? /^(?!.*\bdark\b)/ : /\bdark\b/);
    await page.getByTestId("theme-toggle").click();
    // A client-side navigation (Next's router, loaded by nonce'd scripts) works too.
    await page.getByRole("link", { name: "Bundles", exact: true }).click();
    await expect(page).toHaveURL(/\/bundles$/);
    await expect(page.getByTestId("dropzone")).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    expect(violations).toEqual([]);
  });
});

test("OIDC sign-in through a real OpenID provider: an existing local user by e-mail, and a new one with the role claim", async ({ browser, page }) => {
  const local = { email: `oidc-match-${RUN}@netbundle.localhost`, name: "Matched Local", role: "engineer" as const, password: `oidc-match-${RUN}-pw` };
  await addUser(page, local);
  const newcomer = { email: `oidc-new-${RUN}@netbundle.localhost`, name: "New From IdP", role: "admin" };
  // The provider is not up yet (the server's start-up discovery of the issuer failed): the
  // button fails with a message, and works once the provider is up, so better-auth fetches
  // the discovery document again at sign-in time.
  {
    const ctx = await freshContext(browser);
    const p = await ctx.newPage();
    failOnDialog(p);
    await p.goto("/sign-in");
    await waitForHydration(p);
    await p.getByRole("button", { name: `Sign in with ${OIDC.name}` }).click();
    await expect(p.locator("main").getByRole("alert")).toBeVisible();
    expect(new URL(p.url()).pathname).toBe("/sign-in");
    await ctx.close();
  }
  const idp = await startOidcProvider({ match: { email: local.email, name: "Local Via IdP", role: "engineer" }, newcomer });
  try {
    const signInWithIdp = async (login: string, email: string) => {
      const ctx = await freshContext(browser);
      // Loopback only: the provider's dev pages would fetch a web font.
      await ctx.route((u) => u.hostname !== "127.0.0.1", (r) => r.abort());
      const p = await ctx.newPage();
      failOnDialog(p);
      await p.goto("/sign-in");
      await waitForHydration(p);
      await p.getByRole("button", { name: `Sign in with ${OIDC.name}` }).click();
      await p.waitForURL((u) => u.origin === OIDC.issuer && u.pathname.startsWith("/interaction/"));
      await shot(p, `29-idp-login-${login}`);
      await p.locator('input[name="login"]').fill(login);
      await p.locator('input[name="password"]').fill("any-password-the-dev-provider-accepts");
      await p.getByRole("button", { name: "Sign-in" }).click();
      // The provider's consent page, then back to netbundle's callback and on to the home page.
      await p.getByRole("button", { name: "Continue" }).click();
      await expect(p.getByTestId("account-link")).toHaveText(email);
      expect(new URL(p.url()).origin).toBe(BASE);
      expect(idp.errors).toEqual([]);
      return p;
    };

    const p1 = await signInWithIdp("match", local.email);
    await p1.goto("/account");
    await expect(p1.locator("main")).toContainText("role: engineer");
    await shot(p1, "30-oidc-signed-in");
    await p1.context().close();

    const p2 = await signInWithIdp("newcomer", newcomer.email);
    await p2.goto("/account");
    await expect(p2.locator("main")).toContainText(`role: ${newcomer.role}`);
    await p2.context().close();

    const db = new Database(DB_FILE, { readonly: true, timeout: 10_000 });
    try {
      const users = db.prepare("SELECT id FROM User WHERE email = ?").all(local.email) as { id: string }[];
      expect(users, "the IdP user is the existing local user, not a second one").toHaveLength(1);
      const providers = (db.prepare("SELECT providerId FROM Account WHERE userId = ? ORDER BY providerId").all(users[0]!.id) as { providerId: string }[]).map((r) => r.providerId);
      expect(providers).toEqual(["credential", "oidc"]);
      const audit = db.prepare("SELECT detail FROM AuditLog WHERE action = 'sign-in' AND actor = ?").all(local.email) as { detail: string | null }[];
      expect(audit.map((a) => JSON.parse(a.detail ?? "{}").method)).toContain("oidc");
    } finally {
      db.close();
    }
  } finally {
    await idp.close();
  }
});
