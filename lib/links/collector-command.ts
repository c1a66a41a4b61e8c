/**
 * The commands a customer copies from an upload link's page: fetch the collector through
 * the link itself (nodes often have no other way to get it) and run it with --upload.
 */
export function collectorCommand(origin: string, token: string): string {
  const link = `${origin}/u/${token}`;
  return `curl -fsSLo netbundle-collect.sh '${link}/collector.sh' && sudo sh netbundle-collect.sh --upload '${link}'`;
}
