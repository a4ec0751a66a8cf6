#!/usr/bin/env bash
# record.sh - record the lab 2 capture fixtures (real Linux IPv4/ARP traffic)
# and the per-frame values tshark decodes from them.
#
# Usage:  sudo labs/02-address/captures/record.sh
#
# Must run as root: it creates network namespaces, veth pairs and a Linux
# bridge, and runs tcpdump. Everything it creates lives in network namespaces
# named camnet-*; they are deleted on exit, also on error, SIGTERM or Ctrl-C.
# Output files are written next to this script, and only after every scenario
# has been recorded and checked (a failed run leaves the old files alone;
# set KEEP_WORK=1 to keep the temporary directory for a look at the captures).
#
# Debian 12 packages: iproute2 tcpdump tshark iputils-ping arping procps
#
# Topology (one for all scenarios; ARP caches are flushed before each one):
#
#   cam 02:00:00:c4:3e:01 192.168.10.42/24 (default via 192.168.10.1) --swp1-+
#   pc  00:1b:21:3a:4f:10 192.168.10.20/24 ------------------------------swp2-+ br0 (ns lan)
#   gw  eth0 52:54:00:00:0a:01 192.168.10.1/24 --------------------------swp3-+
#   gw  eth1 52:54:00:00:0b:01 198.51.100.1/24 ---- far eth0 52:54:00:00:0b:14
#                                                   198.51.100.20/24 (default via .1)
#
# Files written (see README.md), each NAME.pcap with NAME.tshark.tsv and
# NAME.tshark.txt:
#   arp-request-reply  ping-on-link  ping-via-gateway  gratuitous-arp
#   arp-unanswered  ip-options-and-fragments  linux-answers-arp
#
# Field list of NAME.tshark.tsv (every name checked with `tshark -G fields`
# in tshark 4.0.17; all exist under the requested names. _ws.col.Protocol and
# _ws.col.Info are column pseudo-fields, which `tshark -G fields` does not
# list but -T fields accepts):
#   frame.number frame.time_epoch frame.len eth.dst eth.src eth.type
#   arp.hw.type arp.proto.type arp.hw.size arp.proto.size arp.opcode
#   arp.src.hw_mac arp.src.proto_ipv4 arp.dst.hw_mac arp.dst.proto_ipv4
#   arp.isgratuitous ip.version ip.hdr_len ip.dsfield ip.len ip.id
#   ip.flags.df ip.flags.mf ip.frag_offset ip.ttl ip.proto ip.checksum
#   ip.checksum.status ip.src ip.dst ip.opt.type _ws.col.Protocol _ws.col.Info

set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NS_PREFIX="camnet-"
SETTLE=0.3   # seconds between "tcpdump is listening" and the first packet
AFTER=1      # seconds between the last packet and stopping tcpdump

TSHARK_OPTS=(-n -o eth.fcs:Never -o ip.defragment:FALSE -o ip.check_checksum:TRUE)
TSHARK_FIELDS=(
	frame.number frame.time_epoch frame.len eth.dst eth.src eth.type
	arp.hw.type arp.proto.type arp.hw.size arp.proto.size arp.opcode
	arp.src.hw_mac arp.src.proto_ipv4 arp.dst.hw_mac arp.dst.proto_ipv4
	arp.isgratuitous ip.version ip.hdr_len ip.dsfield ip.len ip.id
	ip.flags.df ip.flags.mf ip.frag_offset ip.ttl ip.proto ip.checksum
	ip.checksum.status ip.src ip.dst ip.opt.type _ws.col.Protocol _ws.col.Info
)

die() { echo "record.sh: $*" >&2; exit 1; }
say() { echo "== $*"; }

if [[ ${EUID} -ne 0 ]]; then
	die "must be run as root (it creates network namespaces and runs tcpdump). Try: sudo $0"
fi

for tool in ip bridge tcpdump tshark capinfos ping arping sysctl awk; do
	command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found. On Debian: apt-get install iproute2 tcpdump tshark iputils-ping arping procps"
done
[[ "$(ping -V 2>&1 || true)" == *iputils* ]] || die "ping must be the iputils ping (Debian package iputils-ping)"
# Habets' arping (Debian package 'arping') always broadcasts its requests, takes
# -i IFACE, and sends gratuitous replies with -U -P; the iputils one (-I, -A)
# behaves differently, which would change the recorded frames.
[[ "$(arping --help 2>&1 || true)" == *Habets* ]] || die "arping must be Thomas Habets' arping (Debian package 'arping')"

WORK="$(mktemp -d /tmp/camnet-record.XXXXXX)"
OUT="$WORK/out"
mkdir "$OUT"
export WIRESHARK_CONFIG_DIR="$WORK/wireshark"   # ignore personal tshark preferences
mkdir "$WIRESHARK_CONFIG_DIR"

NAMESPACES=()
CAPTURE_PIDS=()

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	local pid ns
	for pid in "${CAPTURE_PIDS[@]}"; do
		kill -INT "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	for ns in "${NAMESPACES[@]}"; do
		ip netns del "$ns" 2>/dev/null || true
	done
	if [[ -n "${KEEP_WORK:-}" ]]; then
		echo "record.sh: work directory kept: $WORK" >&2
	else
		rm -rf "$WORK"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- helpers -----------------------------------------------------------------

# make_ns NAME: new network namespace with IPv6 disabled (no MLD, router
# solicitations or DAD frames) and lo up.
make_ns() {
	local ns="${NS_PREFIX}$1"
	if [[ -e "/run/netns/$ns" ]]; then
		die "network namespace $ns already exists (left over from an earlier run?). Remove it with: ip netns del $ns"
	fi
	ip netns add "$ns"
	NAMESPACES+=("$ns")
	ip netns exec "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	ip -n "$ns" link set lo up
}

# nsx NAME CMD...: run CMD inside namespace NAME.
nsx() { local ns="${NS_PREFIX}$1"; shift; ip netns exec "$ns" "$@"; }

# veth NS1 IF1 MAC1 NS2 IF2 MAC2: veth pair with fixed MAC addresses, created
# directly inside the two namespaces (never visible in the host namespace).
veth() {
	ip link add "$2" netns "${NS_PREFIX}$1" address "$3" \
		type veth peer name "$5" netns "${NS_PREFIX}$4" address "$6"
}

# host_if NS IF IP/LEN: address and bring up a host interface.
host_if() {
	ip -n "${NS_PREFIX}$1" addr add "$3" dev "$2"
	ip -n "${NS_PREFIX}$1" link set "$2" up
}

# may_fail CMD...: run CMD; exit status 1 ("no reply", expected for arping -U
# and for pings nobody answers) is accepted, anything else is an error.
may_fail() {
	local rc=0
	"$@" || rc=$?
	[[ $rc -eq 0 || $rc -eq 1 ]] || die "'$*' failed with exit status $rc"
}

# flush_arp: empty the ARP (neighbour) cache of every host, so each scenario
# starts from "nobody knows anybody" and no probe timer of an earlier
# scenario can fire during the next capture.
flush_arp() {
	local h
	for h in cam pc gw far; do
		nsx "$h" ip -4 neigh flush all
		# (lo may hold a NOARP entry for 0.0.0.0; that is not an ARP entry)
		[[ -z "$(nsx "$h" ip -4 neigh show nud all | grep -v ' NOARP' || true)" ]] \
			|| die "ARP cache of $h not empty after flush"
	done
}

# start_capture NS IF FILE [tcpdump args...]: start tcpdump in the background
# and return once it is listening.
start_capture() {
	local ns="${NS_PREFIX}$1" ifc="$2" file="$OUT/$3"
	shift 3
	local err
	err="$WORK/$(basename "$file").tcpdump.log"
	: >"$err"   # exists before tcpdump writes to it (grep below)
	ip netns exec "$ns" tcpdump -i "$ifc" -U -Z root -w "$file" "$@" 2>"$err" &
	local pid=$!
	CAPTURE_PIDS+=("$pid")
	local i
	for i in $(seq 100); do
		grep -q 'listening on' "$err" && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	cat "$err" >&2
	die "tcpdump on $ns/$ifc did not start"
}

# stop_captures: wait a little for the last frames, then stop every tcpdump
# with SIGINT and wait for it to finish writing.
stop_captures() {
	sleep "$AFTER"
	local pid
	for pid in "${CAPTURE_PIDS[@]}"; do
		kill -INT "$pid"
	done
	for pid in "${CAPTURE_PIDS[@]}"; do
		wait "$pid" || die "tcpdump (pid $pid) failed"
	done
	CAPTURE_PIDS=()
}

traffic_starts() { sleep "$SETTLE"; }

# tshark_fields FILE FILTER FIELD...: values of FIELDs (tab-separated) of the
# frames matching display filter FILTER, decoded with the TSV's options.
tshark_fields() {
	local file="$1" filter="$2"; shift 2
	local args=() f
	for f in "$@"; do args+=(-e "$f"); done
	tshark -r "$file" "${TSHARK_OPTS[@]}" -Y "$filter" -T fields -E separator=/t \
		-E occurrence=a -E aggregator=, "${args[@]}" 2>/dev/null
}

# tshark_count FILE FILTER: number of frames in FILE matching display filter.
tshark_count() { tshark_fields "$1" "$2" frame.number | wc -l; }

# expect_count FILE FILTER N WHAT: check, die with a message if wrong.
expect_count() {
	local n
	n="$(tshark_count "$OUT/$1" "$2")"
	[[ "$n" -eq "$3" ]] || die "check failed in $1: $4 (filter '$2': expected $3 frames, found $n)"
}

# expect_total FILE N: the file holds exactly N frames.
expect_total() { expect_count "$1" "frame" "$2" "total number of frames"; }

# only_expected FILE MAC...: every frame must be ARP or IPv4 carrying ICMP
# (fragments included), come from one of the given source MACs, and every
# IPv4 header checksum must be good. Stray frames mean the setup is wrong.
only_expected() {
	local file="$1"; shift
	local macs="" m
	for m in "$@"; do macs+="${macs:+ || }eth.src == $m"; done
	expect_count "$file" "!(arp || (ip && ip.proto == 1)) || ipv6 || igmp || !($macs)" 0 "unexpected (stray) frames"
	expect_count "$file" "ip && ip.checksum.status != 1" 0 "IPv4 header checksum not good"
	[[ "$(tshark_count "$OUT/$file" "frame")" -gt 0 ]] || die "$file is empty"
}

# --- MAC and IP plan ----------------------------------------------------------

CAM_MAC=02:00:00:c4:3e:01   # camera: locally administered (first octet 0x02)
PC_MAC=00:1b:21:3a:4f:10    # laptop: universally administered (Intel OUI)
GW_LAN_MAC=52:54:00:00:0a:01
GW_WAN_MAC=52:54:00:00:0b:01
FAR_MAC=52:54:00:00:0b:14
BR_MAC=52:54:00:00:0c:00    # br0 itself (no IP address, sends nothing)
SWP_MAC=(52:54:00:00:0c:01 52:54:00:00:0c:02 52:54:00:00:0c:03)

CAM_IP=192.168.10.42
PC_IP=192.168.10.20
GW_LAN_IP=192.168.10.1
GW_WAN_IP=198.51.100.1
FAR_IP=198.51.100.20
NOBODY_IP=192.168.10.99     # on-link, but no host has it (arp-unanswered)
NOT_CAM_IP=192.168.10.77    # on-link, nobody has it (linux-answers-arp)
BCAST=ff:ff:ff:ff:ff:ff

# --- topology -----------------------------------------------------------------

say "topology: cam, pc and gw on bridge br0 (namespace lan); gw routes to far"
for h in lan cam pc gw far; do make_ns "$h"; done

# stp_state 0: no BPDUs. mcast_snooping 0: with snooping on, br0 sends IGMP
# reports of its own (see lab 1). The bridge has no IP address.
ip -n "${NS_PREFIX}lan" link add br0 address "$BR_MAC" type bridge stp_state 0 mcast_snooping 0
ip -n "${NS_PREFIX}lan" link set br0 up
veth cam eth0 "$CAM_MAC"    lan swp1 "${SWP_MAC[0]}"
veth pc  eth0 "$PC_MAC"     lan swp2 "${SWP_MAC[1]}"
veth gw  eth0 "$GW_LAN_MAC" lan swp3 "${SWP_MAC[2]}"
veth gw  eth1 "$GW_WAN_MAC" far eth0 "$FAR_MAC"
for i in 1 2 3; do
	ip -n "${NS_PREFIX}lan" link set "swp$i" master br0
	ip -n "${NS_PREFIX}lan" link set "swp$i" up
done
host_if cam eth0 "$CAM_IP/24"
host_if pc  eth0 "$PC_IP/24"
host_if gw  eth0 "$GW_LAN_IP/24"
host_if gw  eth1 "$GW_WAN_IP/24"
host_if far eth0 "$FAR_IP/24"
ip -n "${NS_PREFIX}cam" route add default via "$GW_LAN_IP"
ip -n "${NS_PREFIX}far" route add default via "$GW_WAN_IP"
nsx gw sysctl -q -w net.ipv4.ip_forward=1

br_details="$(ip -n "${NS_PREFIX}lan" -d link show br0)"
[[ "$br_details" == *"stp_state 0 "* ]] || die "br0: STP is not off"
[[ "$br_details" == *"mcast_snooping 0 "* ]] || die "br0: multicast snooping is not off"
for i in 1 2 3; do
	for _ in $(seq 50); do
		[[ "$(bridge -n "${NS_PREFIX}lan" link show dev "swp$i")" == *"state forwarding"* ]] && break
		sleep 0.1
	done
	[[ "$(bridge -n "${NS_PREFIX}lan" link show dev "swp$i")" == *"state forwarding"* ]] \
		|| die "bridge port swp$i is not forwarding"
done
for h in lan cam pc gw far; do
	[[ -z "$(ip -n "${NS_PREFIX}$h" -6 addr show)" ]] || die "IPv6 addresses present in ${NS_PREFIX}$h"
done
[[ "$(ip -n "${NS_PREFIX}cam" link show eth0)" == *"mtu 1500 "* ]] || die "cam eth0: MTU is not 1500"
[[ "$(ip -n "${NS_PREFIX}pc" link show eth0)" == *"mtu 1500 "* ]] || die "pc eth0: MTU is not 1500"
# The ARP timing this script relies on (and README.md documents).
[[ "$(nsx cam sysctl -n net.ipv4.neigh.eth0.retrans_time_ms)" == 1000 ]] || die "cam: ARP retrans_time is not 1000 ms"
[[ "$(nsx cam sysctl -n net.ipv4.neigh.eth0.mcast_solicit)" == 3 ]] || die "cam: ARP mcast_solicit is not 3"
# Let links settle: anything sent while they came up happens before the first capture.
sleep 1

# --- 1. arp-request-reply.pcap: arping from pc, cam's kernel answers -----------

say "1 arp-request-reply: pc arping -c 2 $CAM_IP (captured on cam)"
flush_arp
start_capture cam eth0 arp-request-reply.pcap
traffic_starts
nsx pc arping -q -c 2 -i eth0 "$CAM_IP"
stop_captures
F=arp-request-reply.pcap
only_expected "$F" "$CAM_MAC" "$PC_MAC"
expect_total "$F" 4
expect_count "$F" "arp.opcode == 1 && eth.src == $PC_MAC && eth.dst == $BCAST && arp.src.proto_ipv4 == $PC_IP && arp.dst.proto_ipv4 == $CAM_IP" 2 "arping's requests"
expect_count "$F" "arp.opcode == 2 && eth.src == $CAM_MAC && eth.dst == $PC_MAC && arp.src.hw_mac == $CAM_MAC && arp.src.proto_ipv4 == $CAM_IP && arp.dst.hw_mac == $PC_MAC && arp.dst.proto_ipv4 == $PC_IP" 2 "cam's replies"

# --- 2. ping-on-link.pcap: pc pings cam; kernel ARP, then ICMP echo -------------

say "2 ping-on-link: pc ping -c 3 -i 0.2 $CAM_IP (captured on cam)"
flush_arp
start_capture cam eth0 ping-on-link.pcap
traffic_starts
nsx pc ping -q -c 3 -i 0.2 "$CAM_IP" >/dev/null
stop_captures
F=ping-on-link.pcap
only_expected "$F" "$CAM_MAC" "$PC_MAC"
expect_total "$F" 8
expect_count "$F" "frame.number == 1 && arp.opcode == 1 && eth.src == $PC_MAC && arp.dst.proto_ipv4 == $CAM_IP" 1 "pc's kernel ARP request first"
expect_count "$F" "frame.number == 2 && arp.opcode == 2 && eth.src == $CAM_MAC" 1 "cam's ARP reply second"
expect_count "$F" "icmp.type == 8 && ip.src == $PC_IP && ip.dst == $CAM_IP && eth.dst == $CAM_MAC" 3 "echo requests"
expect_count "$F" "icmp.type == 0 && ip.src == $CAM_IP && ip.dst == $PC_IP && eth.dst == $PC_MAC" 3 "echo replies"

# --- 3. ping-via-gateway.pcap: cam pings far; ARP for the gateway only ---------

say "3 ping-via-gateway: cam ping -c 2 -i 0.2 $FAR_IP (captured on cam)"
flush_arp
start_capture cam eth0 ping-via-gateway.pcap
traffic_starts
nsx cam ping -q -c 2 -i 0.2 "$FAR_IP" >/dev/null
stop_captures
F=ping-via-gateway.pcap
only_expected "$F" "$CAM_MAC" "$GW_LAN_MAC"
expect_total "$F" 6
expect_count "$F" "arp.dst.proto_ipv4 == $FAR_IP || arp.src.proto_ipv4 == $FAR_IP" 0 "ARP for the far host (must not happen)"
expect_count "$F" "frame.number == 1 && arp.opcode == 1 && eth.src == $CAM_MAC && eth.dst == $BCAST && arp.dst.proto_ipv4 == $GW_LAN_IP" 1 "cam's ARP request for its gateway first"
expect_count "$F" "frame.number == 2 && arp.opcode == 2 && eth.src == $GW_LAN_MAC && arp.src.proto_ipv4 == $GW_LAN_IP" 1 "gateway's ARP reply second"
expect_count "$F" "icmp.type == 8 && ip.src == $CAM_IP && ip.dst == $FAR_IP && eth.dst == $GW_LAN_MAC && ip.ttl == 64" 2 "echo requests to far, sent to the gateway's MAC"
expect_count "$F" "icmp.type == 0 && ip.src == $FAR_IP && ip.dst == $CAM_IP && eth.src == $GW_LAN_MAC && ip.ttl == 63" 2 "echo replies from far, via the gateway (TTL 63)"

# --- 4. gratuitous-arp.pcap: cam announces its address --------------------------

say "4 gratuitous-arp: cam arping -U -c 2, then arping -U -P -c 1 (captured on pc)"
flush_arp
start_capture pc eth0 gratuitous-arp.pcap
traffic_starts
# Habets' arping: -U = unsolicited (gratuitous) request, -U -P = unsolicited
# reply. (iputils arping spells these -U and -A; Habets' -A means something
# else.) Nobody answers, so arping exits with status 1.
may_fail nsx cam arping -q -U -c 2 -i eth0 "$CAM_IP"
may_fail nsx cam arping -q -U -P -c 1 -i eth0 "$CAM_IP"
stop_captures
F=gratuitous-arp.pcap
only_expected "$F" "$CAM_MAC"
expect_total "$F" 3
expect_count "$F" "arp.opcode == 1 && arp.isgratuitous && eth.dst == $BCAST && arp.src.hw_mac == $CAM_MAC && arp.src.proto_ipv4 == $CAM_IP && arp.dst.proto_ipv4 == $CAM_IP" 2 "gratuitous requests"
expect_count "$F" "arp.opcode == 2 && arp.isgratuitous && eth.dst == $BCAST && arp.src.hw_mac == $CAM_MAC && arp.src.proto_ipv4 == $CAM_IP && arp.dst.proto_ipv4 == $CAM_IP" 1 "gratuitous reply"

# --- 5. arp-unanswered.pcap: cam pings an address nobody has -------------------

say "5 arp-unanswered: cam ping -c 2 -W 1 $NOBODY_IP (captured on cam)"
flush_arp
start_capture cam eth0 arp-unanswered.pcap
traffic_starts
may_fail nsx cam ping -q -c 2 -W 1 "$NOBODY_IP" >/dev/null 2>&1
# ping may exit before the kernel has given up; wait until the neighbour
# entry is FAILED (all retries sent), then the usual second.
for _ in $(seq 100); do
	[[ "$(nsx cam ip -4 neigh show "$NOBODY_IP")" == *FAILED* ]] && break
	sleep 0.1
done
[[ "$(nsx cam ip -4 neigh show "$NOBODY_IP")" == *FAILED* ]] || die "cam: ARP entry for $NOBODY_IP did not reach FAILED"
stop_captures
F=arp-unanswered.pcap
only_expected "$F" "$CAM_MAC"
expect_count "$F" "!(arp.opcode == 1 && eth.src == $CAM_MAC && eth.dst == $BCAST && arp.dst.proto_ipv4 == $NOBODY_IP && arp.dst.hw_mac == 00:00:00:00:00:00)" 0 "frames other than cam's ARP requests for $NOBODY_IP"
expect_total "$F" 3
# Spacing of the retries: retrans_time_ms = 1000, so about 1 s.
ARP_GAPS="$(tshark_fields "$OUT/$F" "arp" frame.time_epoch | awk 'NR > 1 { printf "%s%.3f", sep, $1 - prev; sep = " " } { prev = $1 } END { print "" }')"
for gap in $ARP_GAPS; do
	awk -v g="$gap" 'BEGIN { exit !(g >= 0.9 && g <= 1.5) }' || die "check failed in $F: ARP retry interval $gap s is not about 1 s"
done
say "   unanswered ARP retries $ARP_GAPS s apart"

# --- 6. ip-options-and-fragments.pcap: record route and a fragmented ping ------

say "6 ip-options-and-fragments: pc ping -R -c 1, ping -c 1 -s 3000 $CAM_IP (captured on cam)"
flush_arp
start_capture cam eth0 ip-options-and-fragments.pcap
traffic_starts
nsx pc ping -q -R -c 1 "$CAM_IP" >/dev/null
nsx pc ping -q -c 1 -s 3000 "$CAM_IP" >/dev/null
stop_captures
F=ip-options-and-fragments.pcap
only_expected "$F" "$CAM_MAC" "$PC_MAC"
expect_total "$F" 10
expect_count "$F" "arp" 2 "ARP request and reply"
# Record route: NOP (1) + RR (7) = 40 bytes of options, IHL 15 (60 bytes).
expect_count "$F" "ip.opt.type == 7 && ip.hdr_len == 60 && icmp.type == 8 && ip.src == $PC_IP" 1 "echo request with the record-route option"
expect_count "$F" "ip.opt.type == 7 && ip.hdr_len == 60 && icmp.type == 0 && ip.src == $CAM_IP" 1 "echo reply with the record-route option"
# 3000 + 8 (ICMP) = 3008 bytes of IP payload: 1480 + 1480 + 48 per direction.
# tshark 4.0's ip.frag_offset is the raw 13-bit field, in 8-byte units:
# byte offsets 0, 1480, 2960 are 0, 185, 370.
expect_count "$F" "ip.src == $PC_IP && ip.hdr_len == 20 && ((ip.frag_offset == 0 && ip.flags.mf == 1 && ip.len == 1500) || (ip.frag_offset == 185 && ip.flags.mf == 1 && ip.len == 1500) || (ip.frag_offset == 370 && ip.flags.mf == 0 && ip.len == 68))" 3 "the request's 3 fragments"
expect_count "$F" "ip.src == $CAM_IP && ip.hdr_len == 20 && ((ip.frag_offset == 0 && ip.flags.mf == 1 && ip.len == 1500) || (ip.frag_offset == 185 && ip.flags.mf == 1 && ip.len == 1500) || (ip.frag_offset == 370 && ip.flags.mf == 0 && ip.len == 68))" 3 "the reply's 3 fragments"

# --- 7. linux-answers-arp.pcap: reference for answering ARP like Linux --------

say "7 linux-answers-arp: pc arping -c 3 $CAM_IP, arping -c 2 $NOT_CAM_IP (captured on cam)"
flush_arp
start_capture cam eth0 linux-answers-arp.pcap
traffic_starts
nsx pc arping -q -c 3 -i eth0 "$CAM_IP"
may_fail nsx pc arping -q -c 2 -i eth0 "$NOT_CAM_IP"
stop_captures
F=linux-answers-arp.pcap
only_expected "$F" "$CAM_MAC" "$PC_MAC"
expect_total "$F" 8
expect_count "$F" "arp.opcode == 1 && eth.src == $PC_MAC && arp.dst.proto_ipv4 == $CAM_IP" 3 "requests for cam's address"
expect_count "$F" "arp.opcode == 1 && eth.src == $PC_MAC && arp.dst.proto_ipv4 == $NOT_CAM_IP" 2 "requests for an address cam does not own"
expect_count "$F" "arp.opcode == 2 && eth.src == $CAM_MAC && eth.dst == $PC_MAC && arp.src.hw_mac == $CAM_MAC && arp.src.proto_ipv4 == $CAM_IP && arp.dst.hw_mac == $PC_MAC && arp.dst.proto_ipv4 == $PC_IP && frame.len == 42" 3 "cam's 42-byte replies"
expect_count "$F" "eth.src == $CAM_MAC && arp.src.proto_ipv4 == $NOT_CAM_IP" 0 "a reply for $NOT_CAM_IP (Linux must not answer)"
# Each request is followed directly by its reply.
expect_count "$F" "arp.opcode == 2 && !(frame.number == 2 || frame.number == 4 || frame.number == 6)" 0 "replies in frames 2, 4, 6"

for ns in "${NAMESPACES[@]}"; do ip netns del "$ns"; done
NAMESPACES=()

# --- expected values from tshark ----------------------------------------------

say "decoding with $(tshark --version 2>/dev/null | head -n 1)"
field_args=()
for f in "${TSHARK_FIELDS[@]}"; do field_args+=(-e "$f"); done
for pcap in "$OUT"/*.pcap; do
	name="${pcap%.pcap}"
	tshark -r "$pcap" "${TSHARK_OPTS[@]}" -T fields -E header=y -E separator=/t \
		-E occurrence=a -E aggregator=, "${field_args[@]}" \
		>"$name.tshark.tsv" 2>"$WORK/tshark.log" \
		|| { cat "$WORK/tshark.log" >&2; die "tshark failed on $pcap"; }
	# (as root, tshark always warns 'Running as user "root"'; anything else is an error)
	if grep -v '^Running as user "root"' "$WORK/tshark.log" >&2; then
		die "tshark complained about $pcap"
	fi
	tshark -r "$pcap" "${TSHARK_OPTS[@]}" >"$name.tshark.txt" 2>"$WORK/tshark.log" \
		|| { cat "$WORK/tshark.log" >&2; die "tshark failed on $pcap"; }
done

# --- publish ------------------------------------------------------------------

owner="$(stat -c %u:%g "$HERE")"
chown "$owner" "$OUT"/*
chmod 644 "$OUT"/*
cp -p "$OUT"/* "$HERE"/

say "done; files in $HERE"
for pcap in "$OUT"/*.pcap; do
	printf '%-32s %3s frames\n' "$(basename "$pcap")" "$(capinfos -c -M -T "$pcap" | awk -F'\t' 'NR == 2 { print $2 }')"
done
