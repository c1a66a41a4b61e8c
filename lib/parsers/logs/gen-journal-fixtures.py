"""
Regenerates the journal--nbp-gen-*, journal-json--nbp-gen and journal-export--nbp-gen fixtures
(how they were made on Debian 12 / systemd 252; run as root on a throwaway machine):

  timeout 60 /lib/systemd/systemd-journald nbplogs &      # private journald namespace
  python3 gen-journal-fixtures.py                         # sends these entries (native protocol)
  logger -u /run/systemd/journal.nbplogs/dev-log -t kubelet -p daemon.info \
    'I1123 13:03:02.111111    1234 kubelet.go:2100] "SyncLoop DELETE" source="api" pods=["kube-system/web-1"]'
  J="journalctl --namespace=nbplogs --no-pager _TRANSPORT=journal + _TRANSPORT=syslog"
  F="--output-fields=MESSAGE,SYSLOG_IDENTIFIER,SYSLOG_PID,_PID,PRIORITY,_COMM,_TRANSPORT,SYSLOG_FACILITY"
  $J -o short-iso-precise; TZ=Europe/Berlin $J -o short-iso-precise; TZ=America/New_York $J -o short
  $J -o short-iso; $J -o json $F; $J -o export $F
  then kill journald and rm -rf /var/log/journal/<machine-id>.nbplogs /run/systemd/journal.nbplogs
"""
import socket, struct, time
S = "/run/systemd/journal.nbplogs/socket"
def send(fields):
    buf = b""
    for k, v in fields:
        if isinstance(v, str): v = v.encode()
        if b"\n" in v or any(c < 32 and c not in (9,) for c in v):
            buf += k.encode() + b"\n" + struct.pack("<Q", len(v)) + v + b"\n"
        else:
            buf += k.encode() + b"=" + v + b"\n"
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.sendto(buf, S); s.close()
    time.sleep(0.003)
send([("MESSAGE","Starting Docker Application Container Engine..."),("SYSLOG_IDENTIFIER","systemd"),("SYSLOG_PID","1"),("PRIORITY","6")])
send([("MESSAGE",'time="2026-11-23T13:03:00.123456789Z" level=info msg="Starting up"'),("SYSLOG_IDENTIFIER","dockerd"),("SYSLOG_PID","812"),("PRIORITY","6")])
send([("MESSAGE",'time="2026-11-23T13:03:00.523456789Z" level=warning msg="Running modprobe bridge br_netfilter failed with message: , error: exit status 1"'),("SYSLOG_IDENTIFIER","dockerd"),("SYSLOG_PID","812"),("PRIORITY","4")])
send([("MESSAGE","E1123 13:03:01.000100    2201 proxier.go:1549] \"Failed to execute iptables-restore\" err=<\n\texit status 2: iptables-restore v1.8.4 (nf_tables): Chain 'KUBE-MARK-DROP' does not exist\n\tError occurred at line: 43\n\tTry `iptables-restore -h' or 'iptables-restore --help' for more information.\n >"),("SYSLOG_IDENTIFIER","kube-proxy"),("SYSLOG_PID","2201"),("PRIORITY","3")])
send([("MESSAGE","multi-line message\nsecond line\n  third line indented"),("SYSLOG_IDENTIFIER","nbtest"),("SYSLOG_PID","4242"),("PRIORITY","5")])
send([("MESSAGE",b"binary \xff\xfe payload \x01 end"),("SYSLOG_IDENTIFIER","nbtest"),("SYSLOG_PID","4242"),("PRIORITY","5")])
send([("MESSAGE","Stopping Docker Application Container Engine..."),("SYSLOG_IDENTIFIER","systemd"),("SYSLOG_PID","1"),("PRIORITY","6")])
send([("MESSAGE","docker.service: State 'stop-sigterm' timed out. Killing."),("SYSLOG_IDENTIFIER","systemd"),("SYSLOG_PID","1"),("PRIORITY","4")])
send([("MESSAGE","message without pid"),("SYSLOG_IDENTIFIER","nbtest"),("PRIORITY","6")])
send([("MESSAGE","message with no identifier at all"),("PRIORITY","6")])
