#!/bin/sh
# Bench: netbundle-collect.sh on a node with 200 network namespaces and ~500 processes.
# Creates netns nbb-PID-N (addresses in 198.18.0.0/15 only, nothing in the root netns),
# sleeping holders inside them, runs the collector, prints elapsed seconds and the number
# of netns in the manifest, and removes everything (also on Ctrl-C / failure).
# Usage (root): sh bench/collector/run.sh [NETNS=200] [PROCS=500] [SHELL=dash] [COLLECTOR ARGS...]
set -u
N=${1:-200}
PROCS=${2:-500}
SH=${3:-dash}
if [ $# -gt 3 ]; then shift 3; else set --; fi
HERE=$(cd "$(dirname "$0")" && pwd)
COLLECTOR="$HERE/../../collector-script/netbundle-collect.sh"
P="nbb-$$"
WORK=$(mktemp -d /tmp/nbb-bench.XXXXXX)
PIDS="$WORK/pids"
: >"$PIDS"

cleanup() {
  while read -r p; do kill -KILL "$p" 2>/dev/null; done <"$PIDS"
  i=0
  while [ "$i" -lt "$N" ]; do ip netns del "$P-$i" 2>/dev/null; i=$((i + 1)); done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" = 0 ] || { echo "bench needs root" >&2; exit 1; }
echo "creating $N netns ..." >&2
i=0
while [ "$i" -lt "$N" ]; do
  printf 'netns add %s-%s\n' "$P" "$i"
  i=$((i + 1))
done | ip -batch - || exit 1
i=0
while [ "$i" -lt "$N" ]; do
  # one veth pair per netns, first end 198.18.(i/250).(i%250+1)/16
  ip -n "$P-$i" -batch - <<EOB || exit 1
link set lo up
link add nbbv0 type veth peer name nbbv1
addr add 198.18.$((i / 250)).$((i % 250 + 1))/16 dev nbbv0
link set nbbv0 up
link set nbbv1 up
EOB
  i=$((i + 1))
done
count_procs() { set -- /proc/[0-9]*; echo $#; }
have=$(count_procs)
want=$((PROCS - have))
echo "starting $want sleeping processes (have $have) ..." >&2
k=0
while [ "$k" -lt "$want" ]; do
  nsenter --net="/run/netns/$P-$((k % N))" -- sleep 3600 </dev/null >/dev/null 2>&1 &
  echo $! >>"$PIDS"
  k=$((k + 1))
done
sleep 1
echo "processes now: $(count_procs)" >&2

t0=$(date +%s.%N)
# CPU seconds of the collector and all its children (the shell's `times` builtin), since
# wall time on a shared machine depends on everybody else's load (and we run at nice 10)
(
  cd "$WORK" || exit 1
  $SH "$COLLECTOR" "$@" --output "$WORK/bundle.tar.gz" >"$WORK/collector.out" 2>"$WORK/collector.err"
  rc=$?
  times >"$WORK/times"
  exit "$rc"
) || {
  cat "$WORK/collector.err" >&2
  exit 1
}
out=$(tail -n 1 "$WORK/collector.out")
t1=$(date +%s.%N)
cpu=$(sed -n 2p "$WORK/times")
cat "$WORK/collector.err" >&2
mkdir "$WORK/x" && tar -xzf "$out" -C "$WORK/x"
count=$(node -e 'const m=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
  const by={}; for (const c of m.commands) { const k=c.kind; by[k]=(by[k]||0)+c.durationMs; }
  const top=Object.entries(by).sort((a,b)=>b[1]-a[1]).slice(0,8).map(([k,v])=>k+"="+(v/1000).toFixed(1)+"s");
  console.error("command time by kind (sum over netns): "+top.join(" "));
  console.log(m.namespaces.length, m.namespaces.filter(n=>n.collected).length, m.commands.length)' "$WORK"/x/*/manifest.json)
# shellcheck disable=SC2086 # three numbers
set -- $count
echo "collector ($SH): elapsed $(echo "$t1 - $t0" | bc 2>/dev/null || awk "BEGIN{print $t1-$t0}") s"
echo "collector CPU (user sys of children): $cpu; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "netns in manifest: $1 (collected: $2), commands: $3, bundle bytes: $(stat -c %s "$out")"
