/**
 * Test-only: a throw-away lab of network namespaces on one bridge, all named nbp-<id>-*,
 * addresses only in 198.18.0.0/15. Nothing in the root namespace is touched: the bridge
 * lives in its own namespace too, and deleting the namespaces removes every veth.
 *
 *   nbp-<id>-c  (client, 198.18.0.1) ─┐
 *   nbp-<id>-s1 (server, 198.18.0.2) ─┼─ bridge in nbp-<id>-br
 *   nbp-<id>-s2 (same IP 198.18.0.2) ─┘
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { statSync } from "node:fs";

export interface LabHost {
  ns: string;
  dev: string;
  mac: string;
  inode: number;
}

export class NetnsLab {
  readonly id = `${process.pid % 10000}`;
  readonly nsNames: string[] = [];
  readonly procs: ChildProcess[] = [];
  readonly hosts: Record<string, LabHost> = {};

  ns(name: string): string {
    return `nbp-${this.id}-${name}`;
  }

  sh(args: string[]): string {
    return execFileSync(args[0]!, args.slice(1), { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  }

  inNs(name: string, args: string[]): string {
    return this.sh(["ip", "netns", "exec", this.ns(name), ...args]);
  }

  build(hosts: { name: string; cidr: string }[]): void {
    const br = this.ns("br");
    const brDev = `nbp${this.id}br`;
    this.addNs("br");
    this.sh(["ip", "-n", br, "link", "add", brDev, "type", "bridge"]);
    this.sh(["ip", "-n", br, "link", "set", brDev, "up"]);
    for (const h of hosts) {
      const ns = this.addNs(h.name);
      const dev = `nbp${this.id}${h.name}`;
      // Create the pair inside the bridge namespace, then move one end out: root is never involved.
      this.sh(["ip", "-n", br, "link", "add", `${dev}p`, "type", "veth", "peer", "name", dev, "netns", ns]);
      this.sh(["ip", "-n", br, "link", "set", `${dev}p`, "master", brDev, "up"]);
      this.sh(["ip", "-n", ns, "addr", "add", h.cidr, "dev", dev]);
      this.sh(["ip", "-n", ns, "link", "set", dev, "up"]);
      this.sh(["ip", "-n", ns, "link", "set", "lo", "up"]);
      const mac = JSON.parse(this.sh(["ip", "-n", ns, "-j", "link", "show", dev]))[0].address as string;
      this.hosts[h.name] = { ns, dev, mac, inode: statSync(`/run/netns/${ns}`).ino };
    }
  }

  private addNs(name: string): string {
    const ns = this.ns(name);
    this.sh(["ip", "netns", "add", ns]);
    this.nsNames.push(ns);
    return ns;
  }

  /** Starts a long-running process in a namespace; resolves once `ready` appears on its output. */
  start(name: string, args: string[], ready: RegExp): Promise<ChildProcess> {
    const p = spawn("ip", ["netns", "exec", this.ns(name), ...args], { stdio: ["ignore", "pipe", "pipe"] });
    this.procs.push(p);
    return new Promise((resolve, reject) => {
      let seen = "";
      const timer = setTimeout(() => reject(new Error(`not ready: ${args.join(" ")}: ${seen}`)), 10_000);
      const on = (d: Buffer) => {
        seen += d.toString();
        if (ready.test(seen)) clearTimeout(timer), resolve(p);
      };
      p.stdout.on("data", on);
      p.stderr.on("data", on);
      p.on("exit", (code) => reject(new Error(`exited ${code}: ${args.join(" ")}: ${seen}`)));
    });
  }

  /** SIGINT (tcpdump flushes its file on it) and wait for the exit. */
  async stop(p: ChildProcess): Promise<void> {
    if (p.exitCode !== null || p.signalCode !== null) return;
    const done = new Promise((r) => p.once("exit", r));
    p.kill("SIGINT");
    await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
    if (p.exitCode === null && p.signalCode === null) p.kill("SIGKILL");
  }

  async cleanup(): Promise<void> {
    for (const p of this.procs) await this.stop(p);
    for (const ns of this.nsNames.reverse()) {
      try {
        this.sh(["ip", "netns", "del", ns]);
      } catch {
        // Already gone; keep cleaning the rest.
      }
    }
  }
}
