#!/bin/sh
# netbundle-collect: read-only support-bundle collector for Linux/Docker/Kubernetes node
# networking. Writes one .tar.gz in bundle format v1 (see README.md next to this file).
# POSIX sh: runs under dash, busybox ash and bash. Never changes the host: no module
# loads, no namespace creation, no writes outside its staging dir and the output file.
set -u

NB_VERSION=0.1.0
LANG=C
LC_ALL=C
QUOTING_STYLE=literal
export LANG LC_ALL QUOTING_STYLE
TAB=$(printf '\t')
US=$(printf '\037')
NB_IFS=$IFS
RS=$(printf '\036') # record field separator: not IFS white space, so empty fields survive
NB_MIN_FREE_KB=102400 # refuse to start with less than 100 MiB free where we write

say() { # progress on stderr, with seconds since start
  nb_now
  sy_t=$((NB_NOW - ${NB_T0:-$NB_NOW}))
  printf 'netbundle: [%d.%02ds] %s\n' $((sy_t / 100)) $((sy_t % 100)) "$*" >&2
}
err() { say "error: $*"; exit "${2:-1}"; }
usage_err() { printf 'netbundle-collect: %s (try --help)\n' "$*" >&2; exit 2; }

usage() {
  cat <<'EOF'
Usage: netbundle-collect.sh [options]

Collects node networking state (all network namespaces, iptables/nft, routes, sockets,
sysctls, logs) into one read-only support bundle (.tar.gz, bundle format v1).

Options:
  --output PATH          bundle path (default ./netbundle-HOST-UTCSTAMP.tar.gz)
  --since DURATION       journal window: 30m, 24h, 7d or a journalctl date (default 24h)
  --timeout SECONDS      per-command timeout (default 10)
  --max-output BYTES     size cap per command output / copied file (default 33554432)
  --jobs N               network namespaces collected in parallel (default 2)
  --pcap-seconds N       capture N seconds with tcpdump (default 0 = no capture)
  --pcap-iface IFACE     interface to capture (repeatable; default all non-loopback
                         interfaces of the host netns)
  --pcap-max-bytes BYTES size cap per pcap file (default 20971520)
  --extra PATH_OR_GLOB   also copy these files into logs/files/ (repeatable; captures
                         named *.pcap, *.pcapng or *.cap go to pcap/)
  --no-redact            keep secrets (tokens, passwords, private keys) unredacted
  --upload URL           then POST the bundle to this http(s) upload link of a support
                         case (needs curl or GNU wget); the bundle is kept locally
  --upload-retries N     attempts in total for connection errors, timeouts, HTTP 5xx and
                         429 (default 3; 1 = no retry); other 4xx answers are not retried
  --upload-insecure      do not verify the server's TLS certificate (self-signed servers)
  --help                 this help
  --version              print version

Exit codes: 0 bundle written (and uploaded, with --upload); 1 runtime failure; 2 bad
usage; 3 bundle written but the upload failed or its receipt did not match (the bundle is
kept); 130/143 interrupted.
The bundle path is the last line printed on stdout; progress and the upload receipt go to
stderr. NETBUNDLE_UPLOAD_BACKOFF_SECONDS (default 2) is the first retry delay, doubled
after each failed attempt.
EOF
}

# ---------------------------------------------------------------- command runner
# Every command runs under a timeout with stdout to its artifact file and stderr to a
# side file, and leaves one record line (turned into manifest JSON later):
# kind, output, netns, via, exit code, ms, backend, truncated, stderr file, argv (US-joined),
# separated by RS.

nb_now() { # NB_NOW = centiseconds since boot, read without spawning a process
  read -r nn_up _ </proc/uptime
  nn_up=${nn_up%%.*}${nn_up#*.}
  while :; do case $nn_up in 0?*) nn_up=${nn_up#0} ;; *) break ;; esac; done
  NB_NOW=$nn_up
}

nb_has() { case " $NB_HAVE " in *" $1 "*) return 0 ;; esac; return 1; }

nb_record() { # KIND OUT RC MS BACKEND TRUNC ERRFILE ARGV...
  nr_line="$1$RS$2$RS$NB_NS$RS$NB_VIA$RS$3$RS$4$RS$5$RS$6$RS$7$RS"
  shift 7
  nr_argv=
  for nr_a in "$@"; do nr_argv="$nr_argv$US$nr_a"; done
  printf '%s%s\n' "$nr_line" "${nr_argv#"$US"}" >>"$NB_REC"
}

# Watchdog: timeout(1) costs one extra process per command, which doubled the cost of the
# per-netns workers. Those (and hosts without timeout(1)) instead run each command in the
# background and publish "PID START" in NB_WD_FILE; one watchdog loop per worker chain
# sends TERM after NB_TIMEOUT seconds (KILL 2 s later) and notes the PID in NB_WD_FILE.k.
nb_watchdog_start() { # FILE
  NB_WD_FILE=$1
  : >"$NB_WD_FILE"
  (
    wd_limit=$((NB_TIMEOUT * 100))
    while [ -f "$NB_WD_FILE" ]; do
      sleep 1
      wd_pid='' wd_t0=''
      read -r wd_pid wd_t0 2>/dev/null <"$NB_WD_FILE" || :
      [ -n "$wd_t0" ] || continue
      nb_now
      wd_el=$((NB_NOW - wd_t0))
      [ "$wd_el" -ge "$wd_limit" ] || continue
      printf '%s\n' "$wd_pid" >"$NB_WD_FILE.k"
      if [ "$wd_el" -ge $((wd_limit + 200)) ]; then
        kill -KILL "$wd_pid" 2>/dev/null
      else
        kill -TERM "$wd_pid" 2>/dev/null
      fi
    done
  ) >/dev/null 2>&1 </dev/null &
  NB_WD_PID=$!
}

nb_watchdog_stop() {
  rm -f "$NB_WD_FILE" "$NB_WD_FILE.k"
  kill "$NB_WD_PID" 2>/dev/null
  NB_WD_FILE=''
}

nb_cap_blocks() { # BYTES -> NB_BLOCKS for ulimit -f: 512-byte blocks, 1024 in non-POSIX bash
  cb_unit=512
  if [ -n "${BASH_VERSION:-}" ]; then
    case $(set -o) in *posix*on*) ;; *) cb_unit=1024 ;; esac
  fi
  NB_BLOCKS=$((($1 + cb_unit - 1) / cb_unit))
}

# The size cap is set in the command's own subshell (which then execs it: no extra process),
# so our record files are never capped.
nb_run_watched() { # CMD... (stdout/stderr files in rn_outf/rn_err)
  (
    ulimit -f "$NB_CAP_BLOCKS" 2>/dev/null
    exec "$@"
  ) >"$rn_outf" 2>"$rn_err" </dev/null &
  rw_pid=$!
  printf '%s %s\n' "$rw_pid" "$rn_t0" >"$NB_WD_FILE"
  wait "$rw_pid"
  NB_RC=$?
  : >"$NB_WD_FILE"
  if [ -f "$NB_WD_FILE.k" ]; then
    read -r rw_k <"$NB_WD_FILE.k" || :
    rm -f "$NB_WD_FILE.k"
    [ "$rw_k" = "$rw_pid" ] && NB_RC=124
  fi
}

nb_run() { # KIND OUT BACKEND CMD... ; OUT is relative to the bundle top folder
  rn_kind=$1 rn_out=$2 rn_be=$3
  shift 3
  # an empty stderr file is reused by the next command: thousands fewer files to remove
  rn_err="$NB_META/err/$NB_CTX.$NB_SEQ"
  rn_outf="$NB_DIR/$rn_out"
  nb_now
  rn_t0=$NB_NOW
  if [ -n "$NB_WD_FILE" ]; then
    nb_run_watched "$@"
  else
    (
      ulimit -f "$NB_CAP_BLOCKS" 2>/dev/null
      exec timeout -k 2 "$NB_TIMEOUT" "$@"
    ) >"$rn_outf" 2>"$rn_err" </dev/null
    NB_RC=$?
  fi
  nb_now
  rn_tr=${NB_FORCE_TRUNC:-0}
  # 153 = killed by SIGXFSZ: the output hit the ulimit -f size cap
  [ "$NB_RC" = 153 ] && rn_tr=1
  rn_errf=''
  if [ -s "$rn_err" ]; then
    rn_errf=$rn_err
    NB_SEQ=$((NB_SEQ + 1))
  fi
  nb_record "$rn_kind" "$rn_out" "$NB_RC" $(((NB_NOW - rn_t0) * 10)) "$rn_be" "$rn_tr" "$rn_errf" "$@"
  return "$NB_RC"
}

nb_copy() { # KIND SRC OUT: copy a file, keeping its newest part when above the cap
  [ -r "$2" ] || return 0
  cp_size=$(stat -L -c %s "$2" 2>/dev/null || echo 0)
  if [ "$cp_size" -gt "$NB_MAX_OUTPUT" ]; then
    NB_FORCE_TRUNC=1
    nb_run "$1" "$3" "" tail -c "$NB_MAX_OUTPUT" "$2"
    NB_FORCE_TRUNC=0
  else
    nb_run "$1" "$3" "" cat "$2"
  fi
}

# ---------------------------------------------------------------- module-load guard
# Listing netfilter/diag state can make the kernel autoload modules (request_module from
# nfnetlink, sock_diag, genetlink). We only run such a command when the module is already
# loaded, built in, or the kernel has no module support at all (no /proc/modules).
nb_mod_ok() {
  [ -e /proc/modules ] || return 0
  [ -d "/sys/module/$1" ] && return 0
  grep -q "^$1 " /proc/modules 2>/dev/null && return 0
  grep -q "/$1\.ko" "/lib/modules/$NB_KREL/modules.builtin" 2>/dev/null && return 0
  return 1
}

# ---------------------------------------------------------------- per-netns worker
# Runs inside the target netns (entered by nsenter) as a fresh shell, so one nsenter per
# netns serves all of its commands. Writes "ok"/"mismatch" to enter.INODE for the caller.
nb_netns_worker() { # INODE VIA
  NB_NS=$1 NB_VIA=$2 NB_CTX=$1 NB_SEQ=0
  NB_REC="$NB_META/rec/ns-$1.tsv"
  nw_cur=$(stat -L -c %i /proc/self/ns/net 2>/dev/null)
  if [ "$nw_cur" != "$1" ]; then
    printf 'mismatch %s\n' "$nw_cur" >"$NB_META/enter.$1"
    exit 3
  fi
  printf 'ok\n' >"$NB_META/enter.$1"
  nb_cap_blocks "$NB_MAX_OUTPUT"
  NB_CAP_BLOCKS=$NB_BLOCKS
  : >"$NB_REC"
  d=netns/$1
  mkdir -p "$NB_DIR/$d"
  nb_run ip-addr-json "$d/ip-addr.json" "" ip -d -j addr
  nb_run ip-addr "$d/ip-addr.txt" "" ip -d addr
  nb_run ip-link-json "$d/ip-link.json" "" ip -d -j link
  nb_run ip-link "$d/ip-link.txt" "" ip -d link
  nb_run ip-route-json "$d/ip-route.json" "" ip -d -j route show table all
  nb_run ip-route "$d/ip-route.txt" "" ip -d route show table all
  nb_run ip-route-json "$d/ip6-route.json" "" ip -6 -d -j route show table all
  nb_run ip-route "$d/ip6-route.txt" "" ip -6 -d route show table all
  nb_run ip-rule-json "$d/ip-rule.json" "" ip -j rule
  nb_run ip-rule "$d/ip-rule.txt" "" ip rule
  nb_run ip-rule-json "$d/ip6-rule.json" "" ip -6 -j rule
  nb_run ip-rule "$d/ip6-rule.txt" "" ip -6 rule
  nb_run ip-neigh-json "$d/ip-neigh.json" "" ip -j neigh
  nb_run ip-neigh "$d/ip-neigh.txt" "" ip neigh
  if [ "$NB_SS_OK" = 1 ]; then
    # -p makes ss read the fd links of every process on the node; without sockets in this
    # netns the output is the same header either way, so skip that scan
    nw_p=p
    nb_has_sockets /proc/net/tcp /proc/net/tcp6 || nw_p=''
    nb_run ss "$d/ss-tcp.txt" "" ss "-tan${nw_p}ie"
    nw_p=p
    nb_has_sockets /proc/net/udp /proc/net/udp6 || nw_p=''
    nb_run ss "$d/ss-udp.txt" "" ss "-uan$nw_p"
  else
    nb_run proc-net-sockets "$d/proc-net-tcp.txt" "" cat /proc/net/tcp /proc/net/tcp6
    nb_run proc-net-sockets "$d/proc-net-udp.txt" "" cat /proc/net/udp /proc/net/udp6
  fi
  if [ "$NB_ROOT" = 1 ]; then
    nb_netns_netfilter "$d"
  fi
  if nb_has sysctl; then
    nb_run sysctl "$d/sysctl-net.txt" "" sysctl net
  fi
  # IPVS tables are per netns (Docker swarm's ingress_sbox, a kube-proxy in a node's netns);
  # the host's are in host/ipvsadm.txt. Only where this netns has a service.
  if [ "$NB_ROOT" = 1 ] && [ "$1" != "$NB_HOST_NETNS" ] && nb_has ipvsadm && nb_has_ipvs_services; then
    nb_run ipvsadm "$d/ipvsadm.txt" "" ipvsadm -Ln
  fi
  if nb_has conntrack && [ "$NB_CTNL_OK" = 1 ] && [ "$NB_ROOT" = 1 ]; then
    nb_run conntrack-count "$d/conntrack-count.txt" "" conntrack -C
  elif [ -r /proc/sys/net/netfilter/nf_conntrack_count ]; then
    nb_run conntrack-count "$d/conntrack-count.txt" "" cat /proc/sys/net/netfilter/nf_conntrack_count
  fi
}

# iptables per backend: legacy only where this netns has legacy tables (their names are in
# /proc/net/ip_tables_names, which is per netns), so iptables-legacy-save never makes the
# kernel load ip_tables; nf_tables only when the nf_tables module is already there.
nb_has_sockets() { # /proc/net/{tcp,udp}*: a second line means at least one socket
  for hs_f in "$@"; do
    { read -r _ && read -r _; } 2>/dev/null <"$hs_f" && return 0
  done
  return 1
}

nb_has_ipvs_services() { # /proc/net/ip_vs (present once ip_vs is loaded): 3 header lines, then one per service
  { read -r _ && read -r _ && read -r _ && read -r hi_l; } 2>/dev/null </proc/net/ip_vs && [ -n "$hi_l" ]
}

nb_has_lines() { # proc files report size 0, so [ -s ] cannot tell: read one line
  hl_l=''
  read -r hl_l 2>/dev/null <"$1" || [ -n "$hl_l" ]
  [ -n "$hl_l" ]
}

nb_netns_netfilter() { # DIR
  if nb_has_lines /proc/net/ip_tables_names; then
    if nb_has iptables-legacy-save; then
      nb_run iptables-save "$1/iptables-legacy-save.txt" legacy iptables-legacy-save -c
    elif [ "$NB_IPT_BACKEND" = legacy ]; then
      nb_run iptables-save "$1/iptables-save.txt" legacy iptables-save -c
    fi
  fi
  if nb_has_lines /proc/net/ip6_tables_names; then
    if nb_has ip6tables-legacy-save; then
      nb_run ip6tables-save "$1/ip6tables-legacy-save.txt" legacy ip6tables-legacy-save -c
    elif [ "$NB_IPT_BACKEND" = legacy ]; then
      nb_run ip6tables-save "$1/ip6tables-save.txt" legacy ip6tables-save -c
    fi
  fi
  [ "$NB_NFT_OK" = 1 ] || return 0
  if nb_has iptables-nft-save; then
    nb_run iptables-save "$1/iptables-nft-save.txt" nf_tables iptables-nft-save -c
  elif [ "$NB_IPT_BACKEND" = nf_tables ] && nb_has iptables-save; then
    nb_run iptables-save "$1/iptables-save.txt" nf_tables iptables-save -c
  fi
  if nb_has ip6tables-nft-save; then
    nb_run ip6tables-save "$1/ip6tables-nft-save.txt" nf_tables ip6tables-nft-save -c
  elif [ "$NB_IPT_BACKEND" = nf_tables ] && nb_has ip6tables-save; then
    nb_run ip6tables-save "$1/ip6tables-save.txt" nf_tables ip6tables-save -c
  fi
  if nb_has nft; then
    nb_run nft-ruleset "$1/nft-ruleset.txt" "" nft list ruleset
    nb_run nft-ruleset-json "$1/nft-ruleset.json" "" nft -j list ruleset
  fi
}

# ---------------------------------------------------------------- JSON output
nb_json_str() { # NB_JS = $1 as a JSON string literal
  case $1 in
    *[\\\"]* | *[![:print:]]*)
      NB_JS=$(printf '%s' "$1" | nb_json_filter)
      NB_JS="\"${NB_JS%\\n}\""
      ;;
    *) NB_JS="\"$1\"" ;;
  esac
}

# stdin -> escaped JSON string body with a trailing \n marker after the last line
nb_json_filter() {
  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e "s/$TAB/\\\\t/g" -e 's/$/\\n/' | tr -d '\n\001-\010\013-\037\177'
}

# ---------------------------------------------------------------- namespace discovery
# A netns can be held by processes, by nsfs bind mounts (in ANY mount namespace, which is
# why every distinct /proc/PID/mountinfo is read) or by names under /run/netns. For each
# netns we list every holder and a list of ways in (cand/INODE), tried in order.

nb_meta_add() { printf '%s\n' "$2" >>"$NB_META/$1"; } # FILE LINE

nb_discover() {
  NB_CTX=disc NB_NS='' NB_VIA='' NB_REC="$NB_META/rec/0-host.tsv"
  # discovery reads its own output back: never cut it short
  nd_cap=$NB_CAP_BLOCKS
  NB_CAP_BLOCKS=unlimited
  mkdir -p "$NB_DIR/host/mountinfo" "$NB_META/pids" "$NB_META/mnts" "$NB_META/names" "$NB_META/fds" "$NB_META/cand"
  # one stat for all links; the glob is expanded by the inner sh so the manifest stays short
  nb_run ns-links host/ns-links.txt "" sh -c 'stat -c %N /proc/[0-9]*/ns/* | grep " -> "'
  sed -n 's#^/proc/\([0-9]*\)/ns/\([a-z_]*\) -> [a-z_]*:\[\([0-9]*\)\]$#\1 \2 \3#p' \
    "$NB_DIR/host/ns-links.txt" | sort -k1,1n >"$NB_META/links"
  nd_unread=0
  [ -z "$rn_errf" ] || nd_unread=$(grep -c 'Permission denied' "$rn_errf")
  [ "${nd_unread:-0}" -gt 0 ] && nb_meta_add limits "namespace links of some processes not readable ($nd_unread links: permission denied), their namespaces may be missing"

  while read -r nd_pid nd_type nd_ino; do
    [ "$nd_type" = net ] || continue
    nb_meta_add "pids/$nd_ino" "$nd_pid"
    nb_meta_add netns-all "$nd_ino"
  done <"$NB_META/links"

  # one mountinfo per mount namespace (lowest PID), scanned for nsfs net mounts
  grep ' mnt ' "$NB_META/links" | sort -s -k3,3n -u >"$NB_META/mntns"
  while read -r nd_pid _ nd_mnt; do
    nd_comm='?'
    read -r nd_comm 2>/dev/null <"/proc/$nd_pid/comm" || :
    nd_file="host/mountinfo/$nd_mnt.txt"
    # shellcheck disable=SC2016 # expanded by the inner sh
    nb_run mountinfo "$nd_file" "" sh -c 'printf "# pid=%s mntns=%s comm=%s\n" "$1" "$2" "$3"; exec cat "/proc/$1/mountinfo"' \
      sh "$nd_pid" "$nd_mnt" "$nd_comm"
    nb_scan_mountinfo "$NB_DIR/$nd_file" "$nd_mnt" "$nd_pid" "$nd_comm"
  done <"$NB_META/mntns"

  # a netns can also live on through an open file descriptor (a runtime or CNI plugin holding
  # /proc/X/ns/net open); lsns does not show those. One ls for all fd dirs.
  # shellcheck disable=SC2016 # expanded by the inner sh
  nb_run ns-fds host/ns-fds.txt "" sh -c 'ls -ln --time-style=+%s /proc/[0-9]*/fd/ | grep -e "^/proc/" -e " net:\[" -e " -> /\$" -e "/netns/"'
  nb_scan_fds "$NB_DIR/host/ns-fds.txt"

  NB_CAP_BLOCKS=$nd_cap
  nb_scan_names
  nb_pick_host
  sort -n -u "$NB_META/netns-all" >"$NB_META/netns"
  while read -r nd_ino; do nb_candidates "$nd_ino"; done <"$NB_META/netns"
}

nb_scan_mountinfo() { # FILE MNTNS PID COMM
  while read -r sm_id _ _ sm_root sm_mp sm_rest; do
    case $sm_id in '#'*) continue ;; esac
    case $sm_root in net:\[*\]) ;; *) continue ;; esac
    sm_fs=${sm_rest#* - }
    sm_fs=${sm_fs%% *}
    case $sm_fs in nsfs | proc) ;; *) continue ;; esac
    sm_ino=${sm_root#net:\[}
    sm_ino=${sm_ino%\]}
    # mountinfo escapes space, tab, newline and backslash as \ooo
    case $sm_mp in *\\*) sm_mp=$(printf '%b' "$sm_mp") ;; esac
    nb_meta_add "mnts/$sm_ino" "$2$RS$3$RS$4$RS$sm_fs$RS$sm_mp"
    nb_meta_add netns-all "$sm_ino"
  done <"$1"
}

# `ls -ln --time-style=+%s /proc/*/fd/` lines, dir headers kept. An fd opened through
# /proc/X/ns/net reads "net:[INODE]"; one opened through a bind mount reads as that path, or
# "/" once the mount is gone: those few are checked with stat (nsfs device) and nsenter.
nb_scan_fds() { # FILE
  sf_pid='' sf_file=$1
  set --
  while read -r sf_a _ _ _ _ _ sf_fd _ sf_t; do
    case $sf_a in
      /proc/*/fd/: | /proc/*/fd:) sf_pid=${sf_a#/proc/} sf_pid=${sf_pid%%/*} && continue ;;
    esac
    case $sf_t in
      net:\[*\])
        sf_ino=${sf_t#net:\[}
        nb_fd_holder "${sf_ino%\]}" "$sf_pid" "$sf_fd"
        ;;
      / | */netns/*) set -- "$@" "/proc/$sf_pid/fd/$sf_fd" ;;
    esac
  done <"$sf_file"
  [ $# -gt 0 ] && [ "$NB_ROOT" = 1 ] || return 0
  sf_dev=$(stat -L -c %d /proc/self/ns/net)
  stat -L -c '%d %i %n' "$@" 2>/dev/null | while read -r sf_d sf_ino sf_n; do
    [ "$sf_d" = "$sf_dev" ] || continue
    grep -q " $sf_ino\$" "$NB_META/links" && ! [ -f "$NB_META/pids/$sf_ino" ] && continue # another ns type
    nsenter --net="$sf_n" true 2>/dev/null || continue
    sf_n=${sf_n#/proc/}
    nb_fd_holder "$sf_ino" "${sf_n%%/*}" "${sf_n##*/}"
  done
}

nb_fd_holder() { # INODE PID FD
  nb_meta_add "fds/$1" "$2$RS$3"
  nb_meta_add netns-all "$1"
}

# names: /run/netns (ip netns) and docker's netns dir; /var/run is usually /run
nb_scan_names() {
  nn_seen=
  for nn_dir in /run/netns /var/run/netns /run/docker/netns /var/run/docker/netns; do
    [ -d "$nn_dir" ] || continue
    nn_real=$(cd -P "$nn_dir" 2>/dev/null && pwd -P) || continue
    case " $nn_seen " in *" $nn_real "*) continue ;; esac
    nn_seen="$nn_seen $nn_real"
    NB_RUN_NETNS_DIRS="$NB_RUN_NETNS_DIRS $nn_dir"
    set -- "$nn_dir"/*
    [ -e "$1" ] || continue
    stat -L -c '%i %n' "$@" 2>/dev/null | while read -r nn_ino nn_path; do
      # a stale entry (bind mount gone) is a plain file: only names of real netns count
      [ -f "$NB_META/pids/$nn_ino" ] || [ -f "$NB_META/mnts/$nn_ino" ] || [ -f "$NB_META/fds/$nn_ino" ] || continue
      nb_meta_add "names/$nn_ino" "${nn_path##*/}$RS$nn_path"
    done
  done
}

# The host netns is PID 1's; PID 1 may be unreadable (sandboxes), then kthreadd (PID 2,
# always in init_net) tells it, else our own.
nb_pick_host() {
  for ph_pid in 1 2 $$; do
    if [ "$ph_pid" = 2 ]; then
      ph_comm=
      read -r ph_comm 2>/dev/null </proc/2/comm || :
      [ "$ph_comm" = kthreadd ] || continue
    fi
    ph_ino=$(sed -n "s/^$ph_pid net \([0-9]*\)\$/\1/p" "$NB_META/links")
    [ -n "$ph_ino" ] && NB_HOST_NETNS=$ph_ino && return 0
  done
  NB_HOST_NETNS=$(stat -L -c %i /proc/self/ns/net 2>/dev/null)
  nb_meta_add netns-all "$NB_HOST_NETNS"
}

nb_candidates() { # INODE -> cand/INODE lines "VIA<RS>NETNS-FILE"
  cd_out="$NB_META/cand/$1"
  : >"$cd_out"
  if [ "$NB_ROOT" != 1 ]; then
    [ "$1" = "$NB_SELF_NETNS" ] && printf 'self:%s%s-\n' "$$" "$RS" >>"$cd_out"
    return 0
  fi
  if [ -f "$NB_META/pids/$1" ]; then
    cd_n=0
    while [ "$cd_n" -lt 3 ] && read -r cd_pid; do
      printf 'pid:%s%s/proc/%s/ns/net\n' "$cd_pid" "$RS" "$cd_pid" >>"$cd_out"
      cd_n=$((cd_n + 1))
    done <"$NB_META/pids/$1"
  fi
  if [ -f "$NB_META/names/$1" ]; then
    while IFS="$RS" read -r _ cd_path; do
      printf 'path:%s%s%s\n' "$cd_path" "$RS" "$cd_path" >>"$cd_out"
    done <"$NB_META/names/$1"
  fi
  if [ -f "$NB_META/mnts/$1" ]; then
    # /proc/PID/root resolves the path inside PID's mount namespace: nsenter opens the
    # nsfs mount there without us entering (or changing) that mount namespace
    while IFS="$RS" read -r _ cd_pid _ _ cd_mp; do
      printf 'mount:%s:%s%s/proc/%s/root%s\n' "$cd_pid" "$cd_mp" "$RS" "$cd_pid" "$cd_mp" >>"$cd_out"
    done <"$NB_META/mnts/$1"
  fi
  if [ -f "$NB_META/fds/$1" ]; then
    while IFS="$RS" read -r cd_pid cd_fd; do
      printf 'fd:%s:%s%s/proc/%s/fd/%s\n' "$cd_pid" "$cd_fd" "$RS" "$cd_pid" "$cd_fd" >>"$cd_out"
    done <"$NB_META/fds/$1"
  fi
}

# ---------------------------------------------------------------- per-netns collection
nb_enter_collect() { # INODE: try each way in until the worker confirms the inode
  while IFS="$RS" read -r ec_via ec_path; do
    : >"$NB_META/enter.$1"
    if [ "$ec_path" = - ]; then
      "$NB_SH_EXE" ${NB_SH_APPLET:+"$NB_SH_APPLET"} "$NB_SELF" __netns-worker "$1" "$ec_via"
    else
      nsenter --net="$ec_path" -- "$NB_SH_EXE" ${NB_SH_APPLET:+"$NB_SH_APPLET"} \
        "$NB_SELF" __netns-worker "$1" "$ec_via"
    fi </dev/null 2>>"$NB_META/enter-errors"
    ec_ok=
    read -r ec_ok _ 2>/dev/null <"$NB_META/enter.$1" || :
    if [ "$ec_ok" = ok ]; then
      printf '%s\n' "$ec_via" >"$NB_META/via.$1"
      return 0
    fi
  done <"$NB_META/cand/$1"
  [ "$NB_ROOT" = 1 ] && nb_meta_add limits "netns $1 could not be entered (its holders went away during collection?)"
  return 1
}

nb_collect_netns_all() {
  ca_n=$(grep -c . "$NB_META/netns")
  say "collecting $ca_n network namespaces ($NB_JOBS in parallel)"
  export NB_HOST_NETNS
  ca_i=0
  while read -r ca_ino; do
    printf '%s\n' "$ca_ino" >>"$NB_META/chunk.$((ca_i % NB_JOBS))"
    ca_i=$((ca_i + 1))
  done <"$NB_META/netns"
  ca_pids=
  ca_k=0
  while [ "$ca_k" -lt "$NB_JOBS" ]; do
    if [ -f "$NB_META/chunk.$ca_k" ]; then
      (
        nb_watchdog_start "$NB_META/wd.chunk.$ca_k"
        export NB_WD_FILE
        while read -r ca_ino; do nb_enter_collect "$ca_ino" || :; done <"$NB_META/chunk.$ca_k"
        nb_watchdog_stop
      ) &
      ca_pids="$ca_pids $!"
    fi
    ca_k=$((ca_k + 1))
  done
  NB_BG_PIDS="$NB_BG_PIDS $ca_pids"
  for ca_p in $ca_pids; do wait "$ca_p"; done
}

# ---------------------------------------------------------------- host-wide state
nb_collect_host() {
  NB_CTX=host NB_NS='' NB_VIA='' NB_SEQ=0 NB_REC="$NB_META/rec/1-host.tsv"
  h=host
  nb_run uname $h/uname.txt "" uname -a
  nb_copy os-release /etc/os-release $h/os-release.txt
  nb_run uptime $h/uptime.txt "" sh -c 'cat /proc/uptime; date -u +%s; date +%Y-%m-%dT%H:%M:%S%z'
  nb_run boot-time $h/boot-time.txt "" grep '^btime' /proc/stat
  nb_has sysctl && nb_run sysctl $h/sysctl-a.txt "" sysctl -a
  if nb_has lsns; then
    nb_run lsns-json $h/lsns.json "" lsns -J -o NS,TYPE,NPROCS,PID,PPID,COMMAND,UID,USER,PATH
    nb_run lsns $h/lsns.txt "" lsns -o NS,TYPE,NPROCS,PID,PPID,COMMAND,UID,USER,PATH
  fi
  nb_has ps && nb_run ps $h/ps.txt "" ps -eo pid,ppid,pgid,sid,uid,lstart,etimes,stat,comm,args
  # shellcheck disable=SC2086 # word splitting of the dir list is intended
  [ -n "$NB_RUN_NETNS_DIRS" ] && nb_run run-netns $h/run-netns.txt "" ls -la --time-style=full-iso $NB_RUN_NETNS_DIRS
  if [ -d /etc/cni/net.d ]; then
    mkdir -p "$NB_DIR/$h/cni"
    for hc_f in /etc/cni/net.d/*; do
      [ -f "$hc_f" ] && nb_copy cni-config "$hc_f" "$h/cni/${hc_f##*/}"
    done
  fi
  nb_collect_units
  nb_collect_runtimes
  [ -e /proc/net/ip_vs ] && nb_has ipvsadm && nb_run ipvsadm $h/ipvsadm.txt "" ipvsadm -Ln
  if dmesg --help 2>&1 | grep -q -e '-T'; then
    nb_run dmesg $h/dmesg.txt "" dmesg -T
  else
    nb_run dmesg $h/dmesg.txt "" dmesg
  fi
  return 0
}

# MountFlags= and ExecStart of the runtimes decide who can see netns bind mounts
nb_collect_units() {
  for cu_u in docker containerd kubelet; do
    cu_d=host/units/$cu_u
    mkdir -p "$NB_DIR/$cu_d"
    if nb_has systemctl && nb_run systemd-unit "$cu_d/systemctl-cat.txt" "" systemctl cat "$cu_u.service"; then
      continue
    fi
    # systemctl failed (no systemd as PID 1, e.g. containers): its record stays; copy files
    for cu_f in /etc/systemd/system/"$cu_u".service /run/systemd/system/"$cu_u".service \
      /usr/lib/systemd/system/"$cu_u".service /lib/systemd/system/"$cu_u".service \
      /etc/systemd/system/"$cu_u".service.d/*.conf /run/systemd/system/"$cu_u".service.d/*.conf \
      /usr/lib/systemd/system/"$cu_u".service.d/*.conf; do
      [ -f "$cu_f" ] || continue
      cu_flat=$(printf '%s' "$cu_f" | sed 's#/#__#g')
      nb_copy systemd-unit "$cu_f" "$cu_d/$cu_flat"
    done
    rmdir "$NB_DIR/$cu_d" 2>/dev/null || :
  done
  rmdir "$NB_DIR/host/units" 2>/dev/null || :
}

nb_collect_runtimes() {
  h=host
  if nb_has docker && nb_run docker-ps $h/docker-ps.txt "" docker ps -a --no-trunc \
    --format '{{.ID}}\t{{.Names}}\t{{.Image}}\t{{.Status}}'; then
    # shellcheck disable=SC2016 # expanded by the inner sh
    nb_run docker-inspect-pids $h/docker-inspect-pids.txt "" sh -c \
      'ids=$(docker ps -aq --no-trunc) && [ -n "$ids" ] && exec docker inspect --format "{{.Id}}	{{.State.Pid}}" $ids'
  fi
  if nb_has crictl; then
    nb_run crictl-ps $h/crictl-ps.txt "" crictl ps -a
    nb_run crictl-pods $h/crictl-pods.txt "" crictl pods
  fi
  if nb_has ctr; then
    # shellcheck disable=SC2016 # expanded by the inner sh
    nb_run ctr-tasks $h/ctr-tasks.txt "" sh -c \
      'for n in $(ctr namespaces ls -q); do echo "# namespace $n"; ctr -n "$n" tasks ls; done'
  fi
  return 0
}

# ---------------------------------------------------------------- logs and captures
nb_flat_path() { # NB_FLAT = PATH with / replaced by __
  fp_p=$1 NB_FLAT=''
  while :; do
    case $fp_p in
      */*) NB_FLAT="$NB_FLAT${fp_p%%/*}__" fp_p=${fp_p#*/} ;;
      *) NB_FLAT="$NB_FLAT$fp_p" && break ;;
    esac
  done
}

nb_copy_log() { # PATH: one file into logs/files/ (a capture given with --extra into pcap/)
  [ -f "$1" ] && [ -r "$1" ] || return 0
  nb_flat_path "$1"
  case "$1" in
    *.pcap | *.pcapng | *.cap)
      mkdir -p "$NB_DIR/pcap"
      [ -e "$NB_DIR/pcap/$NB_FLAT" ] && return 0
      nb_copy pcap "$1" "pcap/$NB_FLAT"
      return 0
      ;;
  esac
  [ -e "$NB_DIR/logs/files/$NB_FLAT" ] && return 0
  nb_copy log "$1" "logs/files/$NB_FLAT"
}

nb_has_journal() { # journal files, not just an empty journal directory
  for hj_f in /var/log/journal/*/*.journal /run/log/journal/*/*.journal; do
    [ -e "$hj_f" ] && return 0
  done
  return 1
}

nb_collect_logs() {
  NB_CTX=logs NB_NS='' NB_VIA='' NB_SEQ=0 NB_REC="$NB_META/rec/2-logs.tsv"
  mkdir -p "$NB_DIR/logs/files"
  if nb_has journalctl && nb_has_journal; then
    mkdir -p "$NB_DIR/logs/journal"
    for cl_u in docker containerd kubelet kube-proxy; do
      nb_run journal "logs/journal/$cl_u.txt" "" journalctl --no-pager -o short-iso-precise \
        --since "$NB_SINCE_J" -u "$cl_u"
    done
    nb_run journal logs/journal/kernel.txt "" journalctl --no-pager -o short-iso-precise --since "$NB_SINCE_J" -k
    # CNI plugins mostly log through kubelet/containerd (above); some log under their own tag
    nb_run journal logs/journal/cni.txt "" journalctl --no-pager -o short-iso-precise --since "$NB_SINCE_J" \
      -t cni -t calico -t calico-ipam -t flannel -t cilium-cni -t multus -t bridge -t host-local -t portmap
  else
    nb_meta_add limits "no systemd journal: copied /var/log files instead (not limited by --since)"
    for cl_f in /var/log/messages /var/log/syslog /var/log/kern.log /var/log/daemon.log \
      /var/log/docker.log /var/log/containerd.log /var/log/kubelet.log /var/log/kube-proxy.log; do
      nb_copy_log "$cl_f"
    done
  fi
  # CNI plugins log to files, kube-proxy often runs as a pod
  for cl_f in /var/log/*cni*.log /var/log/cni/*.log /var/log/calico/cni/*.log \
    /var/log/aws-routed-eni/*.log /var/log/multus*.log /var/log/containers/kube-proxy*.log; do
    nb_copy_log "$cl_f"
  done
  printf '%s\n' "$NB_EXTRA" | while IFS='' read -r cl_g; do
    [ -n "$cl_g" ] || continue
    # glob, but do not split on spaces: IFS is only a newline here
    IFS='
'
    # shellcheck disable=SC2086 # the pattern is meant to be globbed
    set -- $cl_g
    IFS=$NB_IFS
    for cl_f in "$@"; do
      if [ -d "$cl_f" ]; then
        for cl_x in "$cl_f"/*; do nb_copy_log "$cl_x"; done
      else
        nb_copy_log "$cl_f"
      fi
    done
  done
  rmdir "$NB_DIR/logs/files" "$NB_DIR/logs" 2>/dev/null || :
}

nb_collect_pcaps() {
  [ "$NB_PCAP_SECONDS" -gt 0 ] || return 0
  if [ "$NB_ROOT" != 1 ] || ! nb_has tcpdump; then
    nb_meta_add limits "pcap not captured: needs root and tcpdump"
    return 0
  fi
  NB_CTX=pcap NB_NS='' NB_VIA='' NB_SEQ=0 NB_REC="$NB_META/rec/3-pcap.tsv"
  cp_ifaces=$NB_PCAP_IFACES
  if [ -z "$cp_ifaces" ]; then
    cp_ifaces=$(ip -o link show | sed -n 's/^[0-9]*: \([^:@]*\)[@:].*/\1/p' | grep -vx lo)
  fi
  mkdir -p "$NB_DIR/pcap"
  say "capturing $NB_PCAP_SECONDS s on: $(printf '%s ' "$cp_ifaces" | tr '\n' ' ')"
  cp_pids=
  for cp_if in $cp_ifaces; do
    # a subshell each: own record file, own size cap; SIGTERM makes tcpdump flush and stop
    (
      # shellcheck disable=SC2030 # the capture length is this subshell's timeout
      NB_REC="$NB_META/rec/3-pcap-$cp_if.tsv" NB_CTX="pcap-$cp_if" NB_TIMEOUT=$NB_PCAP_SECONDS
      NB_CAP_BLOCKS=$NB_PCAP_BLOCKS
      [ "$NB_HAVE_TIMEOUT" = 1 ] || nb_watchdog_start "$NB_META/wd.$NB_CTX"
      nb_run pcap "pcap/$cp_if.pcap" "" tcpdump -i "$cp_if" -n -U -s 262144 -w -
      [ -z "$NB_WD_FILE" ] || nb_watchdog_stop
    ) &
    cp_pids="$cp_pids $!"
  done
  NB_BG_PIDS="$NB_BG_PIDS $cp_pids"
  for cp_p in $cp_pids; do wait "$cp_p"; done
}

# ---------------------------------------------------------------- redaction
# IPs and MACs stay. Secrets in process args, unit files, CNI configs and logs go.
NB_SECRET_WORD='([Tt]oken|TOKEN|[Pp]assword|PASSWORD|[Pp]asswd|PASSWD|[Ss]ecret|SECRET|[Aa]pi[_-]?[Kk]ey|API_?KEY|[Kk]ey-data|[Pp]rivate[_-]?[Kk]ey|PRIVATE_?KEY)'
nb_redact_file() { # FILE (relative)
  rf_f="$NB_DIR/$1"
  sed -E \
    -e 's/([Aa]uthorization["'\'']?[[:space:]]*[:=][[:space:]]*["'\'']?([Bb]earer|[Bb]asic|BEARER|BASIC)[[:space:]]+)[^[:space:]"'\'',]+/\1<REDACTED>/g' \
    -e 's/(([Bb]earer|BEARER)[[:space:]]+)[A-Za-z0-9._~+\/-]{8,}=*/\1<REDACTED>/g' \
    -e "s/(--?[A-Za-z0-9_-]*${NB_SECRET_WORD}[A-Za-z0-9_-]*[[:space:]]+)[^-[:space:]][^[:space:]]*/\\1<REDACTED>/g" \
    -e "s/([A-Za-z0-9_.-]*${NB_SECRET_WORD}[A-Za-z0-9_.-]*[\"']?[[:space:]]*[:=][[:space:]]*[\"']?)[^\"'[:space:],;&}<]+/\\1<REDACTED>/g" \
    -e 's#([A-Za-z][A-Za-z0-9+.-]*://[^/:@[:space:]]+):[^@/[:space:]]+@#\1:<REDACTED>@#g' \
    -e 's#(--upload[= ][[:space:]]*)[^[:space:]]+#\1<REDACTED>#g' \
    -e 's/-----BEGIN ([A-Z ]*)PRIVATE KEY-----.*-----END [A-Z ]*PRIVATE KEY-----/<REDACTED \1PRIVATE KEY>/g' \
    -e '/-----BEGIN [A-Z ]*PRIVATE KEY-----/,/-----END [A-Z ]*PRIVATE KEY-----/s/^[A-Za-z0-9+\/=]{16,}$/<REDACTED>/' \
    "$rf_f" >"$rf_f.redacted" 2>/dev/null || { rm -f "$rf_f.redacted"; return 0; }
  rf_new=$(grep -c '<REDACTED' "$rf_f.redacted")
  rf_old=$(grep -c '<REDACTED' "$rf_f")
  if [ "$rf_new" -gt "$rf_old" ]; then
    mv "$rf_f.redacted" "$rf_f"
    printf '%s\t%s lines redacted\n' "$1" "$((rf_new - rf_old))" >>"$NB_DIR/redaction-report.txt"
  else
    rm -f "$rf_f.redacted"
  fi
}

nb_redact_all() {
  rp=$NB_DIR/redaction-report.txt
  if [ "$NB_REDACT" != 1 ]; then
    printf '# redaction disabled (--no-redact): secrets may be present\n' >"$rp"
    return 0
  fi
  printf '# netbundle redaction report: FILE<TAB>COUNT (secrets are never listed)\n' >"$rp"
  (
    cd "$NB_DIR" || exit 0
    for ra_f in host/ps.txt host/lsns.json host/lsns.txt host/docker-*.txt host/crictl-*.txt \
      host/ctr-*.txt host/cni/* host/units/*/* logs/journal/* logs/files/*; do
      [ -f "$ra_f" ] && printf '%s\n' "$ra_f"
    done
  ) | while read -r ra_f; do nb_redact_file "$ra_f"; done
  grep -q "$TAB" "$rp" || printf '# nothing redacted\n' >>"$rp"
}

# ---------------------------------------------------------------- manifest.json
nb_json_lines() { # FILE-or-empty -> JSON array of its lines as strings
  jl_sep=
  printf '['
  if [ -n "$1" ] && [ -s "$1" ]; then
    while IFS='' read -r jl_l; do
      nb_json_str "$jl_l"
      printf '%s%s' "$jl_sep" "$NB_JS"
      jl_sep=', '
    done <"$1"
  fi
  printf ']'
}

nb_json_namespaces() {
  jn_sep=
  while read -r jn_ino; do
    jn_via=
    read -r jn_via 2>/dev/null <"$NB_META/via.$jn_ino" || :
    jn_host=false
    [ "$jn_ino" = "$NB_HOST_NETNS" ] && jn_host=true
    printf '%s\n    { "type": "net", "inode": %s, "isHost": %s, ' "$jn_sep" "$jn_ino" "$jn_host"
    jn_sep=,
    if [ -n "$jn_via" ]; then
      nb_json_str "$jn_via"
      printf '"collected": true, "dir": "netns/%s", "reachedVia": [%s],\n' "$jn_ino" "$NB_JS"
    else
      printf '"collected": false, "dir": null, "reachedVia": [],\n'
    fi
    printf '      "holders": {\n        "pids": ['
    jn_s=
    if [ -f "$NB_META/pids/$jn_ino" ]; then
      while read -r jn_p; do printf '%s%s' "$jn_s" "$jn_p" && jn_s=', '; done <"$NB_META/pids/$jn_ino"
    fi
    printf '],\n        "mounts": ['
    jn_s=
    if [ -f "$NB_META/mnts/$jn_ino" ]; then
      while IFS="$RS" read -r jn_mnt jn_pid jn_comm jn_fs jn_mp; do
        nb_json_str "$jn_mp"
        jn_mpj=$NB_JS
        nb_json_str "$jn_comm"
        printf '%s{ "mountPoint": %s, "fstype": "%s", "mntns": %s, "pid": %s, "comm": %s }' \
          "$jn_s" "$jn_mpj" "$jn_fs" "$jn_mnt" "$jn_pid" "$NB_JS"
        jn_s=', '
      done <"$NB_META/mnts/$jn_ino"
    fi
    printf '],\n        "names": ['
    jn_s=
    if [ -f "$NB_META/names/$jn_ino" ]; then
      while IFS="$RS" read -r jn_name jn_path; do
        nb_json_str "$jn_name"
        jn_nj=$NB_JS
        nb_json_str "$jn_path"
        printf '%s{ "name": %s, "path": %s }' "$jn_s" "$jn_nj" "$NB_JS"
        jn_s=', '
      done <"$NB_META/names/$jn_ino"
    fi
    printf '],\n        "fds": ['
    jn_s=
    if [ -f "$NB_META/fds/$jn_ino" ]; then
      while IFS="$RS" read -r jn_pid jn_fd; do
        printf '%s{ "pid": %s, "fd": %s }' "$jn_s" "$jn_pid" "$jn_fd"
        jn_s=', '
      done <"$NB_META/fds/$jn_ino"
    fi
    printf ']\n      }\n    }'
  done <"$NB_META/netns"
}

nb_json_commands() {
  jc_sep=
  cat "$NB_META"/rec/*.tsv | while IFS="$RS" read -r jc_kind jc_out jc_ns jc_via jc_rc jc_ms jc_be jc_tr jc_err jc_argv; do
    # a pcap ends by our timeout on purpose
    [ "$jc_kind" = pcap ] && [ "$jc_rc" = 124 ] && jc_rc=0
    printf '%s\n    { "argv": [' "$jc_sep"
    jc_sep=,
    jc_s=
    set -f
    jc_ifs=$IFS
    IFS=$US
    # shellcheck disable=SC2086 # split on the unit separator
    set -- $jc_argv
    IFS=$jc_ifs
    set +f
    for jc_a in "$@"; do
      nb_json_str "$jc_a"
      printf '%s%s' "$jc_s" "$NB_JS"
      jc_s=', '
    done
    nb_json_str "$jc_out"
    printf '], "kind": "%s", "output": %s, ' "$jc_kind" "$NB_JS"
    [ -n "$jc_be" ] && printf '"backend": "%s", ' "$jc_be"
    if [ -n "$jc_ns" ]; then
      nb_json_str "$jc_via"
      printf '"netns": %s, "reachedVia": %s, ' "$jc_ns" "$NB_JS"
    else
      printf '"netns": null, "reachedVia": null, '
    fi
    jc_to=false jc_nf=false jc_trj=false
    case $jc_rc in 124 | 137) jc_to=true ;; 126 | 127) jc_nf=true ;; esac
    [ "$jc_tr" = 1 ] && jc_trj=true
    printf '\n      "exitCode": %s, "durationMs": %s, "timedOut": %s, "truncated": %s, "notFound": %s, "stderr": ' \
      "$jc_rc" "$jc_ms" "$jc_to" "$jc_trj" "$jc_nf"
    if [ -n "$jc_err" ] && [ -s "$jc_err" ]; then
      jc_e=$(head -c 2048 "$jc_err" | nb_json_filter)
      printf '"%s" }' "${jc_e%\\n}"
    else
      printf '"" }'
    fi
  done
}

nb_write_manifest() {
  for wm_t in $NB_TOOLS; do nb_has "$wm_t" || printf '%s\n' "$wm_t"; done >"$NB_META/missing"
  [ -f "$NB_META/limits" ] && sort -u "$NB_META/limits" -o "$NB_META/limits"
  printf '%s\n' "$NB_PCAP_IFACES" | grep . >"$NB_META/pcap-ifaces" || :
  printf '%s\n' "$NB_EXTRA" | grep . >"$NB_META/extra" || :
  nb_json_str "$NB_HOSTNAME"
  wm_host=$NB_JS
  nb_json_str "$NB_KREL"
  wm_krel=$NB_JS
  nb_json_str "$NB_SINCE"
  wm_since=$NB_JS
  wm_root=false
  [ "$NB_ROOT" = 1 ] && wm_root=true
  wm_red=false
  [ "$NB_REDACT" = 1 ] && wm_red=true
  {
    printf '{\n  "format": "netbundle-bundle",\n  "formatVersion": 1,\n'
    printf '  "collector": { "name": "netbundle-collect", "version": "%s" },\n' "$NB_VERSION"
    printf '  "host": %s,\n  "kernel": %s,\n' "$wm_host" "$wm_krel"
    printf '  "collectedAt": { "utc": "%s", "node": "%s", "epoch": %s },\n' "$NB_AT_UTC" "$NB_AT_NODE" "$NB_AT_EPOCH"
    printf '  "uid": %s,\n  "root": %s,\n' "$NB_UID" "$wm_root"
    # shellcheck disable=SC2031 # only the pcap subshells change NB_TIMEOUT
    printf '  "options": { "since": %s, "timeout": %s, "redact": %s, "pcapSeconds": %s, "pcapIfaces": %s, "extra": %s },\n' \
      "$wm_since" "$NB_TIMEOUT" "$wm_red" "$NB_PCAP_SECONDS" "$(nb_json_lines "$NB_META/pcap-ifaces")" "$(nb_json_lines "$NB_META/extra")"
    # which backend a plain `iptables` call writes to here (iptables -V): the node's default
    printf '  "iptablesMode": "%s",\n' "$NB_IPT_BACKEND"
    printf '  "missingTools": %s,\n' "$(nb_json_lines "$NB_META/missing")"
    printf '  "limitations": %s,\n' "$(nb_json_lines "$NB_META/limits")"
    printf '  "namespaces": ['
    nb_json_namespaces
    printf '\n  ],\n  "commands": ['
    nb_json_commands
    printf '\n  ]\n}\n'
  } >"$NB_DIR/manifest.json"
}

# ---------------------------------------------------------------- upload (--upload URL)
# POST the finished bundle to the upload link of a support case (https://host/u/TOKEN): the
# raw file as body, Content-Type: application/octet-stream, X-File-Name: its percent-encoded
# basename. The link is the credential, so it is only ever printed masked (nb_mask_url).
# A 201 answer carries {"receipt":{"fileName","sizeBytes","sha256","receivedAt","caseTitle"}},
# a 4xx {"error":{"code","message"}}. There is no JSON parser on nodes: nb_json_field.

nb_mask_url() { # URL -> NB_MASKED (no user info, query or fragment; last path segment cut
  # to its first 4 characters) and NB_SECRETS (the parts to mask in tool messages)
  mu_u=${1%%[?#]*}
  mu_q=''
  NB_SECRETS=''
  if [ "$mu_u" != "$1" ]; then
    mu_q='?…'
    NB_SECRETS="${1#"$mu_u"?}"
  fi
  while :; do case $mu_u in */) mu_u=${mu_u%/} ;; *) break ;; esac; done
  mu_r=${mu_u#*://}
  mu_h=${mu_r%%/*}
  case $mu_h in *@*) NB_SECRETS="$NB_SECRETS$US${mu_h%@*}" mu_h="…@${mu_h##*@}" ;; esac
  case $mu_r in
    */*)
      mu_p=${mu_r#*/}
      mu_t=${mu_p##*/}
      NB_SECRETS="$NB_SECRETS$US$mu_t"
      NB_MASKED="${mu_u%%://*}://$mu_h/${mu_p%"$mu_t"}${mu_t%"${mu_t#????}"}…$mu_q"
      ;;
    *) NB_MASKED="${mu_u%%://*}://$mu_h$mu_q" ;;
  esac
}

nb_unsecret() { # TEXT -> NB_CLEAN: TEXT with the upload URL, its token, query, user info masked
  NB_CLEAN=$1
  while :; do
    case $NB_CLEAN in
      *"$NB_UPLOAD"*) NB_CLEAN="${NB_CLEAN%%"$NB_UPLOAD"*}$NB_MASKED${NB_CLEAN#*"$NB_UPLOAD"}" ;;
      *) break ;;
    esac
  done
  us_ifs=$IFS
  IFS=$US
  for us_s in $NB_SECRETS; do
    [ "${#us_s}" -ge 5 ] || continue
    while :; do
      case $NB_CLEAN in
        *"$us_s"*) NB_CLEAN="${NB_CLEAN%%"$us_s"*}${us_s%"${us_s#????}"}…${NB_CLEAN#*"$us_s"}" ;;
        *) break ;;
      esac
    done
  done
  IFS=$us_ifs
}

nb_pct_encode() { # STRING -> NB_PCT: bytes other than A-Z a-z 0-9 . _ ~ - as %XX
  case $1 in *[!A-Za-z0-9._~-]*) ;; *) NB_PCT=$1 && return 0 ;; esac
  NB_PCT=$(printf '%s' "$1" | od -An -v -to1 | while read -r pe_l; do
    for pe_o in $pe_l; do
      pe_n=$((0$pe_o))
      if [ "$pe_n" = 45 ] || [ "$pe_n" = 46 ] || [ "$pe_n" = 95 ] || [ "$pe_n" = 126 ] ||
        { [ "$pe_n" -ge 48 ] && [ "$pe_n" -le 57 ]; } || { [ "$pe_n" -ge 65 ] && [ "$pe_n" -le 90 ]; } ||
        { [ "$pe_n" -ge 97 ] && [ "$pe_n" -le 122 ]; }; then
        printf '%b' "\\0$pe_o"
      else
        printf '%%%02X' "$pe_n"
      fi
    done
  done)
}

nb_sha256() { # FILE -> NB_SHA (lowercase hex, empty without a tool) and NB_SHA_TOOL
  NB_SHA='' NB_SHA_TOOL=''
  if command -v sha256sum >/dev/null 2>&1; then
    NB_SHA_TOOL=sha256sum NB_SHA=$(sha256sum <"$1" 2>/dev/null)
  elif command -v busybox >/dev/null 2>&1 && busybox sha256sum </dev/null >/dev/null 2>&1; then
    NB_SHA_TOOL='busybox sha256sum' NB_SHA=$(busybox sha256sum <"$1" 2>/dev/null)
  elif command -v openssl >/dev/null 2>&1; then
    # "SHA2-256(stdin)= HEX" (OpenSSL 3) or "(stdin)= HEX"
    NB_SHA_TOOL='openssl dgst -sha256' NB_SHA=$(openssl dgst -sha256 <"$1" 2>/dev/null)
    NB_SHA=${NB_SHA##*= }
  elif command -v shasum >/dev/null 2>&1; then
    NB_SHA_TOOL='shasum -a 256' NB_SHA=$(shasum -a 256 <"$1" 2>/dev/null)
  fi
  NB_SHA=${NB_SHA%%[!0-9a-f]*}
  [ "${#NB_SHA}" = 64 ] || NB_SHA=''
}

# KEY -> NB_JF: value of the last "KEY": "string" (unescaped; \uXXXX kept as is; control
# characters dropped) or "KEY": number in NB_UP_BODY (one line). A key cannot match inside
# a string value: every quote in there is escaped.
nb_json_field() {
  NB_JF=$(printf '%s\n' "$NB_UP_BODY" | sed -n -E \
    -e 's/.*"'"$1"'"[[:space:]]*:[[:space:]]*"(([^"\\]|\\.)*)".*/\1/p' \
    -e 's/.*"'"$1"'"[[:space:]]*:[[:space:]]*(-?[0-9][0-9.eE+-]*).*/\1/p' |
    sed -e 's/\\\\/'"$US"'/g' -e 's/\\"/"/g' -e 's#\\/#/#g' -e 's/\\[bfnrt]/ /g' -e 's/'"$US"'/\\/g' |
    tr -d '\000-\037\177')
}

nb_upload_setup() { # before collecting: pick the HTTP client, warn when there is none
  NB_UPLOADER='' NB_UPLOADER_NOTE='' NB_WGET_HSTS=0
  [ -n "$NB_UPLOAD" ] || return 0
  nb_mask_url "$NB_UPLOAD"
  if command -v curl >/dev/null 2>&1; then
    NB_UPLOADER=curl
  elif command -v wget >/dev/null 2>&1; then
    # busybox wget reads --post-file as a C string: the upload would stop at the first NUL
    case $(wget --version 2>/dev/null) in
      *'GNU Wget'*) NB_UPLOADER=wget ;;
      *) NB_UPLOADER_NOTE=' (the wget here is not GNU wget: busybox wget cuts binary files at the first NUL byte)' ;;
    esac
    case $(wget --help 2>/dev/null) in *--no-hsts*) NB_WGET_HSTS=1 ;; esac
  fi
  if [ -n "$NB_UPLOADER" ]; then
    say "will upload to $NB_MASKED with $NB_UPLOADER"
  else
    say "warning: --upload needs curl or wget on this node$NB_UPLOADER_NOTE: the bundle will be written but not uploaded"
  fi
}

# One POST -> NB_UP_CODE (HTTP status, 000 = no answer), NB_UP_WHY (masked reason),
# NB_UP_RETRY (1: connection error, timeout, 5xx or 429), NB_UP_HINT. Returns 0 on 2xx.
nb_upload_once() {
  uo_body=$NB_STAGE/upload.body uo_err=$NB_STAGE/upload.err
  rm -f "$uo_body"
  NB_UP_CODE=000 NB_UP_WHY='' NB_UP_RETRY=0 NB_UP_HINT=''
  if [ "$NB_UPLOADER" = curl ]; then
    # -q: ignore ~/.curlrc; "Expect:" saves a wait for "100 Continue". -T streams the file
    # but would append its name to a URL whose path ends in /: --data-binary (read into
    # memory) then. Redirects are not followed.
    set -- -T "$NB_OUTPUT" -X POST
    case ${NB_UPLOAD%%[?#]*} in *://*/*[!/]) ;; *) set -- --data-binary "@$NB_OUTPUT" ;; esac
    [ "$NB_UPLOAD_INSECURE" = 1 ] && set -- "$@" -k
    NB_UP_CODE=$(curl -q -sS -o "$uo_body" -w '%{http_code}' --connect-timeout 30 \
      --speed-limit 1 --speed-time 60 -H 'Expect:' -H 'Content-Type: application/octet-stream' \
      -H "X-File-Name: $NB_PCT" "$@" "$NB_UPLOAD" 2>"$uo_err" </dev/null)
    uo_rc=$?
    case $NB_UP_CODE in [1-5][0-9][0-9]) ;; *) NB_UP_CODE=000 ;; esac
    if [ "$NB_UP_CODE" = 000 ]; then
      NB_UP_WHY=$(grep '^curl: ' "$uo_err" | head -n 1)
      # bad URL or option, unreadable file, TLS verification: trying again cannot help
      case $uo_rc in
        1 | 2 | 3 | 26 | 27 | 43 | 51 | 58 | 59 | 60 | 77 | 83 | 90 | 91) ;;
        *) NB_UP_RETRY=1 ;;
      esac
      case $uo_rc in 51 | 60 | 83 | 90 | 91) NB_UP_HINT="the server's TLS certificate was not accepted; --upload-insecure skips the check (self-signed servers)" ;; esac
    fi
  else
    set --
    [ "$NB_UPLOAD_INSECURE" = 1 ] && set -- --no-check-certificate
    [ "$NB_WGET_HSTS" = 1 ] && set -- "$@" --no-hsts
    wget -nv -S --tries=1 --max-redirect=0 --content-on-error --timeout=60 -O "$uo_body" \
      --header='Content-Type: application/octet-stream' --header="X-File-Name: $NB_PCT" \
      --post-file="$NB_OUTPUT" "$@" "$NB_UPLOAD" >/dev/null 2>"$uo_err" </dev/null
    uo_rc=$?
    uo_c=$(sed -n -E 's/^[[:space:]]*HTTP\/[0-9.]+ ([1-5][0-9][0-9]).*/\1/p' "$uo_err" | tail -n 1)
    [ -n "$uo_c" ] && NB_UP_CODE=$uo_c
    if [ "$NB_UP_CODE" = 000 ]; then
      NB_UP_WHY=$(grep -v '^[[:space:]]' "$uo_err" | grep . | tail -n 1)
      case $NB_UP_WHY in '' | wget:*) ;; *) NB_UP_WHY="wget: $NB_UP_WHY" ;; esac
      # 4: network failure (connect, DNS, timeout); 5: TLS verification
      [ "$uo_rc" = 4 ] && NB_UP_RETRY=1
      [ "$uo_rc" = 5 ] && NB_UP_HINT="the server's TLS certificate was not accepted; --upload-insecure skips the check (self-signed servers)"
    fi
  fi
  case $NB_UP_CODE in
    2??) return 0 ;;
    000) [ -n "$NB_UP_WHY" ] || NB_UP_WHY="$NB_UPLOADER failed with exit code $uo_rc" ;;
    3??) NB_UP_WHY="HTTP $NB_UP_CODE (a redirect: not followed; use the upload link exactly as given)" ;;
    *)
      NB_UP_BODY=$(head -c 65536 "$uo_body" 2>/dev/null | tr -d '\r\n')
      nb_json_field message
      NB_UP_WHY="HTTP $NB_UP_CODE${NB_JF:+: $NB_JF}"
      case $NB_UP_CODE in
        429 | 5??) NB_UP_RETRY=1 ;;
        410) NB_UP_HINT='the upload link has expired, was revoked or is used up: ask for a new link' ;;
        404) NB_UP_HINT='the server does not know this upload link: check it, or ask for a new one' ;;
        413) NB_UP_HINT='the bundle is too large for this link: a shorter --since, a lower --max-output or no pcap makes it smaller' ;;
        401 | 403) NB_UP_HINT='the server refused this upload link' ;;
      esac
      ;;
  esac
  nb_unsecret "$NB_UP_WHY"
  NB_UP_WHY=$(printf '%.300s' "$NB_CLEAN")
  return 1
}

nb_upload() { # after packing; returns 1 when not uploaded or the receipt does not match
  up_name=${NB_OUTPUT##*/}
  if [ -z "$NB_UPLOADER" ]; then
    say "error: --upload needs curl or wget on this node$NB_UPLOADER_NOTE; the bundle is kept at $NB_OUTPUT"
    return 1
  fi
  nb_pct_encode "$up_name"
  up_size=$(stat -c %s "$NB_OUTPUT")
  say "uploading $up_name ($up_size bytes) to $NB_MASKED"
  up_i=1 up_wait=$NB_UPLOAD_BACKOFF
  until nb_upload_once; do
    if [ "$NB_UP_RETRY" = 1 ] && [ "$up_i" -lt "$NB_UPLOAD_TRIES" ]; then
      say "upload attempt $up_i/$NB_UPLOAD_TRIES failed: $NB_UP_WHY; retrying in $up_wait s"
      sleep "$up_wait"
      up_i=$((up_i + 1)) up_wait=$((up_wait * 2))
      continue
    fi
    up_n=''
    [ "$NB_UP_RETRY" = 1 ] && up_n=" (attempt $up_i/$NB_UPLOAD_TRIES, giving up)"
    say "error: upload failed: $NB_UP_WHY$up_n"
    [ -z "$NB_UP_HINT" ] || say "$NB_UP_HINT"
    say "the bundle is kept at $NB_OUTPUT"
    return 1
  done
  say "uploaded to $NB_MASKED (HTTP $NB_UP_CODE, attempt $up_i/$NB_UPLOAD_TRIES)"
  nb_upload_receipt "$up_size"
}

nb_upload_receipt() { # LOCAL-SIZE: print the receipt, check its sha256 and size
  NB_UP_BODY=$(head -c 65536 "$NB_STAGE/upload.body" 2>/dev/null | tr -d '\r\n')
  case $NB_UP_BODY in *'"receipt"'*) nb_json_field sha256 ;; *) NB_JF='' ;; esac
  ur_sha=$(printf '%s' "$NB_JF" | tr A-F a-f)
  if [ -z "$ur_sha" ]; then
    say "error: the server answered HTTP $NB_UP_CODE without a receipt (no sha256): cannot confirm it stored the bundle; the bundle is kept at $NB_OUTPUT"
    return 1
  fi
  nb_json_field fileName
  ur_file=$NB_JF
  nb_json_field sizeBytes
  ur_size=$NB_JF
  nb_json_field receivedAt
  ur_at=$NB_JF
  nb_json_field caseTitle
  printf 'netbundle: upload receipt:\n  file:     %.200s\n  size:     %.20s bytes\n  sha256:   %.64s\n  received: %.40s\n  case:     %.200s\n' \
    "$ur_file" "$ur_size" "$ur_sha" "$ur_at" "$NB_JF" >&2
  nb_sha256 "$NB_OUTPUT"
  if [ -n "$ur_size" ] && [ "$ur_size" != "$1" ]; then
    say "error: the receipt says $ur_size bytes, the local bundle has $1: the upload was damaged; the bundle is kept at $NB_OUTPUT"
    return 1
  fi
  if [ -z "$NB_SHA" ]; then
    say "warning: could not verify the receipt's sha256: no sha256sum, busybox, openssl or shasum on this node"
    return 0
  fi
  if [ "$ur_sha" != "$NB_SHA" ]; then
    say "error: the receipt's sha256 does not match the local bundle (local $NB_SHA): the upload was damaged; the bundle is kept at $NB_OUTPUT"
    return 1
  fi
  say "receipt verified: sha256 and size match the local bundle ($NB_SHA_TOOL)"
}

# ---------------------------------------------------------------- setup and main
NB_TOOLS="ip ss nsenter lsns ps sysctl stat timeout iptables-legacy-save iptables-nft-save ip6tables-legacy-save ip6tables-nft-save iptables-save ip6tables-save iptables nft conntrack ipvsadm tcpdump journalctl docker crictl ctr systemctl dmesg renice ionice"

nb_need_num() { case $2 in '' | *[!0-9]*) usage_err "$1 needs a number, got '$2'" ;; esac; }

nb_parse_args() {
  NB_OUTPUT='' NB_SINCE=24h NB_TIMEOUT=10 NB_MAX_OUTPUT=33554432 NB_JOBS=2 NB_PCAP_SECONDS=0
  NB_PCAP_IFACES='' NB_PCAP_MAX=20971520 NB_EXTRA='' NB_REDACT=1
  NB_UPLOAD='' NB_UPLOAD_SET=0 NB_UPLOAD_TRIES=3 NB_UPLOAD_TRIES_SET=0 NB_UPLOAD_INSECURE=0
  while [ $# -gt 0 ]; do
    pa_opt=$1 pa_val=
    case $pa_opt in
      --*=*) pa_val=${pa_opt#*=} pa_opt=${pa_opt%%=*} pa_has=1 ;;
      *) pa_has=0 ;;
    esac
    case $pa_opt in
      --help | -h) usage && exit 0 ;;
      --version) printf 'netbundle-collect %s\n' "$NB_VERSION" && exit 0 ;;
      --no-redact) NB_REDACT=0 && shift && continue ;;
      --upload-insecure) NB_UPLOAD_INSECURE=1 && shift && continue ;;
      --output | --since | --timeout | --max-output | --jobs | --pcap-seconds | --pcap-iface | --pcap-max-bytes | --extra | \
        --upload | --upload-retries)
        if [ "$pa_has" = 0 ]; then
          [ $# -ge 2 ] || usage_err "option $pa_opt needs a value"
          pa_val=$2
          shift
        fi
        ;;
      *) usage_err "unknown option: $pa_opt" ;;
    esac
    shift
    case $pa_opt in
      --output) NB_OUTPUT=$pa_val ;;
      --since) NB_SINCE=$pa_val ;;
      --timeout) nb_need_num "$pa_opt" "$pa_val" && NB_TIMEOUT=$pa_val ;;
      --max-output) nb_need_num "$pa_opt" "$pa_val" && NB_MAX_OUTPUT=$pa_val ;;
      --jobs) nb_need_num "$pa_opt" "$pa_val" && NB_JOBS=$pa_val ;;
      --pcap-seconds) nb_need_num "$pa_opt" "$pa_val" && NB_PCAP_SECONDS=$pa_val ;;
      --pcap-max-bytes) nb_need_num "$pa_opt" "$pa_val" && NB_PCAP_MAX=$pa_val ;;
      --pcap-iface) NB_PCAP_IFACES="$NB_PCAP_IFACES${NB_PCAP_IFACES:+
}$pa_val" ;;
      --extra) NB_EXTRA="$NB_EXTRA${NB_EXTRA:+
}$pa_val" ;;
      --upload) NB_UPLOAD=$pa_val NB_UPLOAD_SET=1 ;;
      --upload-retries) nb_need_num "$pa_opt" "$pa_val" && NB_UPLOAD_TRIES=$pa_val NB_UPLOAD_TRIES_SET=1 ;;
    esac
  done
  [ -n "$NB_OUTPUT" ] || [ "${pa_opt:-}" != --output ] || usage_err "--output needs a path"
  case $NB_SINCE in
    '' | *[!A-Za-z0-9\ :.+-]*) usage_err "bad --since value: $NB_SINCE" ;;
    *[!0-9smhd]*) NB_SINCE_J=$NB_SINCE ;; # a journalctl date such as "2026-11-23 10:00"
    [0-9]*[smhd]) NB_SINCE_J=-$NB_SINCE ;;
    *) usage_err "bad --since value: $NB_SINCE" ;;
  esac
  [ "$NB_TIMEOUT" -gt 0 ] || usage_err "--timeout must be > 0"
  [ "$NB_JOBS" -gt 0 ] || usage_err "--jobs must be > 0"
  nb_check_upload_args
}

nb_check_upload_args() { # never echo the URL: it is a credential
  if [ "$NB_UPLOAD_SET" != 1 ]; then
    [ "$NB_UPLOAD_TRIES_SET$NB_UPLOAD_INSECURE" = 00 ] || usage_err "--upload-retries and --upload-insecure need --upload URL"
    return 0
  fi
  case $NB_UPLOAD in
    http://?* | https://?*) ;;
    *) usage_err "--upload needs an http:// or https:// URL" ;;
  esac
  case $NB_UPLOAD in *[![:graph:]]* | *[\\\"\'\`]*) usage_err "--upload URL must not contain spaces, quotes, backslashes or control characters" ;; esac
  ca_h=${NB_UPLOAD#*://}
  [ -n "${ca_h%%[/?#]*}" ] || usage_err "--upload URL has no host"
  [ "$NB_UPLOAD_TRIES" -gt 0 ] || usage_err "--upload-retries must be > 0"
  NB_UPLOAD_BACKOFF=${NETBUNDLE_UPLOAD_BACKOFF_SECONDS:-2}
  nb_need_num NETBUNDLE_UPLOAD_BACKOFF_SECONDS "$NB_UPLOAD_BACKOFF"
}

nb_setup() {
  NB_HAVE=''
  for st_t in $NB_TOOLS; do command -v "$st_t" >/dev/null 2>&1 && NB_HAVE="$NB_HAVE $st_t"; done
  NB_HAVE_TIMEOUT=0
  nb_has timeout && NB_HAVE_TIMEOUT=1
  for st_t in stat sed grep sort tar gzip; do
    command -v "$st_t" >/dev/null 2>&1 || err "required tool missing: $st_t"
  done
  NB_UID=$(id -u)
  NB_ROOT=0
  [ "$NB_UID" = 0 ] && NB_ROOT=1
  NB_KREL=$(uname -r)
  NB_HOSTNAME=$(uname -n)
  NB_AT_EPOCH=$(date -u +%s)
  NB_AT_UTC=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  NB_AT_NODE=$(date +%Y-%m-%dT%H:%M:%S%z)
  NB_STAMP=$(date -u +%Y%m%dT%H%M%SZ)
  NB_TOP="netbundle-$NB_HOSTNAME-$NB_STAMP"
  [ -n "$NB_OUTPUT" ] || NB_OUTPUT="./$NB_TOP.tar.gz"
  case $NB_OUTPUT in /*) ;; *) NB_OUTPUT="$(pwd)/$NB_OUTPUT" ;; esac
  st_outdir=${NB_OUTPUT%/*}
  { [ -d "$st_outdir" ] && [ -w "$st_outdir" ]; } || err "output directory not writable: $st_outdir"
  st_free=$(df -Pk "$st_outdir" 2>/dev/null | sed -n '2s/^[^ ]* *[0-9]* *[0-9]* *\([0-9]*\).*/\1/p')
  if [ -n "$st_free" ] && [ "$st_free" -lt "$NB_MIN_FREE_KB" ]; then
    err "only ${st_free} KiB free in $st_outdir, need at least $NB_MIN_FREE_KB KiB"
  fi
  NB_STAGE=$(mktemp -d "$st_outdir/.netbundle-stage.XXXXXX") || err "cannot create staging dir in $st_outdir"
  NB_DIR="$NB_STAGE/$NB_TOP"
  NB_META="$NB_STAGE/meta"
  mkdir -p "$NB_DIR/host" "$NB_DIR/netns" "$NB_META/rec" "$NB_META/err" || err "cannot write $NB_STAGE"
  # lower our priority; children inherit it
  nb_has renice && renice -n 10 -p $$ >/dev/null 2>&1
  nb_has ionice && ionice -c 2 -n 7 -p $$ >/dev/null 2>&1
  nb_cap_blocks "$NB_MAX_OUTPUT"
  NB_CAP_BLOCKS=$NB_BLOCKS
  nb_cap_blocks "$NB_PCAP_MAX"
  NB_PCAP_BLOCKS=$NB_BLOCKS
  # the worker re-runs this script inside each netns with the same shell
  NB_SELF=$(cd "$(dirname "$0")" && pwd)/${0##*/}
  [ -f "$NB_SELF" ] || err "run this script from a file (cannot find $0)"
  NB_SH_EXE=$(readlink /proc/$$/exe 2>/dev/null || echo /bin/sh)
  NB_SH_APPLET=''
  case ${NB_SH_EXE##*/} in busybox*) NB_SH_APPLET='sh' ;; esac
  NB_SELF_NETNS=$(stat -L -c %i /proc/self/ns/net 2>/dev/null)
  NB_IPT_BACKEND=unknown
  if nb_has iptables; then
    case $(iptables -V 2>/dev/null) in *nf_tables*) NB_IPT_BACKEND=nf_tables ;; *legacy*) NB_IPT_BACKEND=legacy ;; esac
  fi
  NB_NFT_OK=0 NB_CTNL_OK=0 NB_SS_OK=0
  nb_mod_ok nf_tables && NB_NFT_OK=1
  nb_mod_ok nf_conntrack_netlink && NB_CTNL_OK=1
  nb_mod_ok sock_diag && nb_mod_ok inet_diag && nb_mod_ok tcp_diag && nb_mod_ok udp_diag && NB_SS_OK=1
  nb_has ss || NB_SS_OK=0
  [ "$NB_NFT_OK" = 1 ] || nb_meta_add limits "nf_tables module not loaded: iptables-nft/nft not run (would load it)"
  [ "$NB_SS_OK" = 1 ] || nb_meta_add limits "ss not run (missing, or sock_diag modules not loaded and would be autoloaded): /proc/net/{tcp,udp}* copied instead"
  if [ "$NB_ROOT" != 1 ]; then
    nb_meta_add limits "not root: only the collector's own netns collected; other netns listed from readable /proc entries"
    nb_meta_add limits "not root: per-netns iptables/nft not collected; dmesg may be restricted"
  fi
  nb_has nsenter || [ "$NB_ROOT" != 1 ] || err "nsenter (util-linux) is required"
  NB_RUN_NETNS_DIRS='' NB_HOST_NETNS='' NB_SEQ=0
  export NB_DIR NB_META NB_HAVE NB_HAVE_TIMEOUT NB_TIMEOUT NB_CAP_BLOCKS NB_SS_OK NB_NFT_OK \
    NB_CTNL_OK NB_IPT_BACKEND NB_ROOT NB_KREL NB_MAX_OUTPUT
}

nb_cleanup() {
  for cl_p in $NB_BG_PIDS; do kill "$cl_p" 2>/dev/null; done
  [ -n "$NB_STAGE" ] && rm -rf "$NB_STAGE"
  [ -n "$NB_PART" ] && rm -f "$NB_PART"
}

nb_pack() {
  NB_PART="$NB_OUTPUT.part"
  set -- "$NB_TOP/manifest.json"
  for pk_e in host netns logs pcap redaction-report.txt; do
    [ -e "$NB_DIR/$pk_e" ] && set -- "$@" "$NB_TOP/$pk_e"
  done
  tar -C "$NB_STAGE" -czf "$NB_PART" "$@" || err "tar failed writing $NB_PART"
  mv -f "$NB_PART" "$NB_OUTPUT" || err "cannot move bundle to $NB_OUTPUT"
  NB_PART=''
}

main() {
  if [ "${1:-}" = __netns-worker ]; then # internal: see nb_enter_collect
    shift
    nb_netns_worker "$@"
    exit 0
  fi
  NB_STAGE='' NB_PART='' NB_BG_PIDS='' NB_WD_FILE='' NB_FORCE_TRUNC=0
  nb_now
  NB_T0=$NB_NOW
  nb_parse_args "$@"
  trap nb_cleanup EXIT
  trap 'say interrupted; exit 130' INT
  trap 'say terminated; exit 143' TERM
  nb_setup
  say "staging in $NB_STAGE"
  nb_upload_setup
  [ "$NB_HAVE_TIMEOUT" = 1 ] || nb_watchdog_start "$NB_META/wd.main"
  nb_discover
  [ -z "$NB_WD_FILE" ] || nb_watchdog_stop
  say "discovery done"
  # host-wide commands run beside the netns workers: 2 cores, mostly waiting on the kernel
  (
    [ "$NB_HAVE_TIMEOUT" = 1 ] || nb_watchdog_start "$NB_META/wd.host"
    nb_collect_host
    [ -z "$NB_WD_FILE" ] || nb_watchdog_stop
  ) &
  mh_pid=$!
  NB_BG_PIDS="$NB_BG_PIDS $mh_pid"
  nb_collect_netns_all
  wait "$mh_pid"
  say "namespaces and host state done"
  say "collecting logs"
  (
    [ "$NB_HAVE_TIMEOUT" = 1 ] || nb_watchdog_start "$NB_META/wd.logs"
    nb_collect_logs
    [ -z "$NB_WD_FILE" ] || nb_watchdog_stop
  )
  nb_collect_pcaps
  say "redacting"
  nb_redact_all
  say "writing manifest"
  nb_write_manifest
  say "packing"
  nb_pack
  say "done: $NB_OUTPUT"
  mn_rc=0
  if [ -n "$NB_UPLOAD" ]; then nb_upload || mn_rc=3; fi
  printf '%s\n' "$NB_OUTPUT"
  return "$mn_rc"
}

main "$@"
