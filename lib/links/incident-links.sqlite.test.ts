import { describe, expect, it, vi } from "vitest";
import { createTempSqlite, withTempDatabase } from "@/test/support/db/temp-database";

vi.mock("server-only", () => ({}));

const env = withTempDatabase(
  () => createTempSqlite("nb-links-"),
  async () => ({ db: await import("@/lib/db"), links: await import("@/lib/links/incident-links") }),
);
const m = env.mods;
const SYSTEM = { type: "system" } as const;

// Evidence as the rules write it: real `ip -o addr` and `ip neigh` lines of a node with a duplicate IP.
const ADDR = "3: eth0    inet 198.18.30.7/24 brd 198.18.30.255 scope global eth0\\       valid_lft forever preferred_lft forever";
const NEIGH = "198.18.30.7 dev br0 lladdr 02:42:c6:12:1e:07 REACHABLE";
const finding = (key: string, title: string, excerpt: string) => ({
  bundleId: "b1",
  key,
  ruleId: key.split(":")[0]!,
  severity: "critical",
  severityRank: 0,
  title,
  explanation: `node-7 answers for 198.18.30.7 twice; see ${excerpt.slice(0, 20)}`,
  remediation: "Delete the leaked namespace holding 198.18.30.7",
  references: "[]",
  entities: JSON.stringify({ ips: ["198.18.30.7"], netns: [4026532305], interfaces: ["eth0"] }),
  evidence: JSON.stringify([{ artifact: "netns/4026532305/ip-addr.txt", lineStart: 3, lineEnd: 3, excerpt }]),
});

async function seed() {
  const db = m().db.db;
  await db.user.upsert({ where: { id: "u1" }, create: { id: "u1", name: "Eng", email: "eng@example.test" }, update: {} });
  await db.bundle.create({ data: { id: "b1", caseId: "unfiled", sha256: "s1", fileName: "b.tgz", sizeBytes: 1n, status: "ready", host: "node-7", kernel: "6.1.0" } });
  await db.finding.createMany({
    data: [
      finding("dup-ip:198.18.30.7", "198.18.30.7 is configured in two network namespaces", ADDR),
      finding("neigh:198.18.30.7", "Neighbour entry for 198.18.30.7", NEIGH),
      finding("other:1", "A third finding that is not shared", "secret-line 198.18.99.1"),
    ],
  });
}

describe("incident links (SQLite)", () => {
  it("shows exactly the selected findings, pseudonymised consistently, and counts views", async () => {
    await seed();
    const by = { userId: "u1", actor: SYSTEM };
    const link = await m().links.createIncidentLink("b1", { findingKeys: ["dup-ip:198.18.30.7", "neigh:198.18.30.7"], pseudonymise: true }, by);
    expect(link.token).toMatch(/^nbs_[A-Za-z0-9_-]{43}$/);
    const row = await m().links.resolveIncidentLink(link.token);
    const view = await m().links.getIncidentView(row);
    expect(view.findings).toHaveLength(2);
    const text = JSON.stringify(view);
    for (const real of ["198.18.30.7", "02:42:c6:12:1e:07", "node-7", "198.18.99.1", "secret-line", "third finding"]) expect(text).not.toContain(real);
    // One pseudonym per address, the same in every place of the link.
    const ipIn = (s: string) => /\b(\d+\.\d+\.\d+\.\d+)\/24/.exec(s)?.[1];
    const pseudo = ipIn(view.findings[0]!.evidence[0]!.excerpt)!;
    expect(view.findings[0]!.entities.ips).toEqual([pseudo]);
    expect(view.findings[1]!.title).toContain(pseudo);
    expect(view.header.host).toMatch(/^host-[0-9a-f]{6}$/);
    expect(view.findings[0]!.evidence[0]).toMatchObject({ lineStart: 3, lineEnd: 3, artifact: "netns/4026532305/ip-addr.txt" });

    await m().links.recordIncidentView(row.id, new Headers({ "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36" }));
    await m().links.recordIncidentView(row.id, new Headers({ "user-agent": "curl/8.5.0" }));
    const [listed] = await m().links.listIncidentLinks("b1");
    expect(listed).toMatchObject({ viewCount: 2, pseudonymise: true, findingKeys: ["dup-ip:198.18.30.7", "neigh:198.18.30.7"] });
    expect(listed!.views.map((v) => v.client).sort()).toEqual(["Chrome on Linux", "curl"]);
  });

  it("without pseudonymisation shows the real text; revoked and expired links are gone; bad input refused", async () => {
    const by = { userId: "u1", actor: SYSTEM };
    const link = await m().links.createIncidentLink("b1", { findingKeys: ["other:1"] }, by);
    const view = await m().links.getIncidentView(await m().links.resolveIncidentLink(link.token));
    expect(view.findings.map((f) => f.key)).toEqual(["other:1"]);
    expect(view.header.host).toBe("node-7");

    await m().links.revokeIncidentLink(link.id, SYSTEM);
    await expect(m().links.resolveIncidentLink(link.token)).rejects.toMatchObject({ code: "GONE" });
    const soon = await m().links.createIncidentLink("b1", { findingKeys: ["other:1"], expiresInDays: 1 }, by);
    await m().db.db.shareLink.update({ where: { id: soon.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    await expect(m().links.resolveIncidentLink(soon.token)).rejects.toMatchObject({ code: "GONE" });
    await expect(m().links.resolveIncidentLink(`nbs_${"x".repeat(43)}`)).rejects.toMatchObject({ code: "NOT_FOUND" });

    await expect(m().links.createIncidentLink("b1", { findingKeys: ["nope"] }, by)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(m().links.createIncidentLink("b1", { findingKeys: ["other:1"], expiresInDays: 91 }, by)).rejects.toThrow();
    await expect(m().links.createIncidentLink("b1", { findingKeys: [] }, by)).rejects.toThrow(/at least one/);
    const stored = await m().db.db.shareLink.findMany({ select: { tokenHash: true } });
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.tokenHash))).toBe(true);
  });
});
