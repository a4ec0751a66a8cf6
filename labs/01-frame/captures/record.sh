#!/usr/bin/env bash
# record.sh - record the lab 1 capture fixtures (real Linux traffic) and the
# per-frame values tshark decodes from them.
#
# Usage:  sudo labs/01-frame/captures/record.sh
#
# Must run as root: it creates network namespaces, veth pairs, a Linux bridge
# and tc filters, and runs tcpdump. Everything it creates lives in network
# namespaces named camnet-*; they are deleted on exit, also on error or Ctrl-C.
# Output files are written next to this script, and only after every scenario
# has been recorded and checked (a failed run leaves the old files alone;
# set KEEP_WORK=1 to keep the temporary directory for a look at the captures).
#
# Debian 12 packages: iproute2 tcpdump tshark iputils-ping arping procps
#                     clang linux-libc-dev (clang builds vlan-tag.bpf.c)
#
# Files written (see README.md):
#   two-hosts.pcap, bridge-port{1,2,3}-{in,out}.pcap, bridge-fdb.txt,
#   vlan.pcap, qinq.pcap, jumbo-and-small.pcap
#   and for every NAME.pcap: NAME.tshark.tsv and NAME.tshark.txt
#
# Field list of NAME.tshark.tsv (names as tshark 4.0 has them; checked with
# `tshark -G fields`). The first 16 columns are the requested ones; columns
# 17-20 were added for the 802.1ad outer tag of Q-in-Q frames (tshark decodes
# that tag with its "ieee8021ad" dissector, not as vlan.*) and column 21 for
# the 16 zero bytes arping appends (tshark calls them a trailer, not padding,
# because the frame is still shorter than 60 bytes):
#   frame.number frame.time_epoch frame.len frame.cap_len eth.dst eth.src
#   eth.type eth.dst.lg eth.dst.ig eth.src.lg vlan.priority vlan.dei vlan.id
#   vlan.etype eth.padding _ws.col.Protocol
#   ieee8021ad.priority ieee8021ad.dei ieee8021ad.id ieee8021ah.etype
#   eth.trailer
# tshark 4.0 no longer has the preference eth.assume_fcs ("obsolete
# preference"); its replacement eth.fcs:Never is used instead.

set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NS_PREFIX="camnet-"
SETTLE=0.3   # seconds between "tcpdump is listening" and the first packet
AFTER=1      # seconds between the last packet and stopping tcpdump

TSHARK_FIELDS=(
	frame.number frame.time_epoch frame.len frame.cap_len eth.dst eth.src
	eth.type eth.dst.lg eth.dst.ig eth.src.lg vlan.priority vlan.dei vlan.id
	vlan.etype eth.padding _ws.col.Protocol
	ieee8021ad.priority ieee8021ad.dei ieee8021ad.id ieee8021ah.etype
	eth.trailer
)

die() { echo "record.sh: $*" >&2; exit 1; }
say() { echo "== $*"; }

if [[ ${EUID} -ne 0 ]]; then
	die "must be run as root (it creates network namespaces and runs tcpdump). Try: sudo $0"
fi

for tool in ip tc bridge tcpdump tshark capinfos ping arping sysctl clang; do
	command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found. On Debian: apt-get install iproute2 tcpdump tshark iputils-ping arping procps clang linux-libc-dev"
done
[[ "$(ping -V 2>&1 || true)" == *iputils* ]] || die "ping must be the iputils ping (Debian package iputils-ping)"
# Habets' arping (Debian package 'arping') always broadcasts its requests and
# takes -i IFACE; the iputils one behaves differently, which would change the
# recorded frames.
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

# del_all_ns: delete the namespaces of the scenario just recorded.
del_all_ns() {
	local ns
	for ns in "${NAMESPACES[@]}"; do
		ip netns del "$ns"
	done
	NAMESPACES=()
}

# nsx NAME CMD...: run CMD inside namespace NAME.
nsx() { local ns="${NS_PREFIX}$1"; shift; ip netns exec "$ns" "$@"; }

# veth NS1 IF1 MAC1 NS2 IF2 MAC2: veth pair with fixed MAC addresses, created
# directly inside the two namespaces (never visible in the host namespace).
veth() {
	ip link add "$2" netns "${NS_PREFIX}$1" address "$3" \
		type veth peer name "$5" netns "${NS_PREFIX}$4" address "$6"
}

# host NS IF IP/LEN: address and bring up a host interface.
host_if() {
	ip -n "${NS_PREFIX}$1" addr add "$3" dev "$2"
	ip -n "${NS_PREFIX}$1" link set "$2" up
}

# start_capture NS IF FILE [tcpdump args...]: start tcpdump in the background
# and return once it is listening.
start_capture() {
	local ns="${NS_PREFIX}$1" ifc="$2" file="$OUT/$3"
	shift 3
	local err
	err="$WORK/$(basename "$file").tcpdump.log"
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

# tshark_count FILE FILTER: number of frames in FILE matching display filter.
tshark_count() {
	tshark -r "$1" -n -o eth.fcs:Never -Y "$2" -T fields -e frame.number 2>/dev/null | wc -l
}

# expect_count FILE FILTER N WHAT: check, die with a message if wrong.
expect_count() {
	local n
	n="$(tshark_count "$OUT/$1" "$2")"
	[[ "$n" -eq "$3" ]] || die "check failed in $1: $4 (filter '$2': expected $3 frames, found $n)"
}

# only_expected FILE MAC...: every frame must be ARP or ICMP and come from one
# of the given source MACs. Stray frames mean the setup is wrong.
only_expected() {
	local file="$1"; shift
	local macs="" m
	for m in "$@"; do macs+="${macs:+ || }eth.src == $m"; done
	expect_count "$file" "!(arp || icmp) || !($macs)" 0 "unexpected (stray) frames"
	[[ "$(tshark_count "$OUT/$file" "frame")" -gt 0 ]] || die "$file is empty"
}

# --- the eBPF VLAN tagger (see vlan-tag.bpf.c for why) ------------------------

BPF_OBJ="$WORK/vlan-tag.bpf.o"
# <linux/bpf.h> needs <asm/types.h>, which lives in the multiarch include dir.
ASM_INC=""
for d in /usr/include/*-linux-gnu*; do
	[[ -e "$d/asm/types.h" ]] && { ASM_INC="$d"; break; }
done
clang -O2 -g0 -target bpf ${ASM_INC:+-I"$ASM_INC"} \
	-c "$HERE/vlan-tag.bpf.c" -o "$BPF_OBJ" \
	|| die "could not compile vlan-tag.bpf.c (needs clang and linux-libc-dev)"

# tagger NS IF EGRESS_SECTION: tag on egress, untag on ingress.
tagger() {
	local ns="${NS_PREFIX}$1"
	ip netns exec "$ns" tc qdisc add dev "$2" clsact
	ip netns exec "$ns" tc filter add dev "$2" egress bpf da obj "$BPF_OBJ" sec "$3"
	ip netns exec "$ns" tc filter add dev "$2" ingress bpf da obj "$BPF_OBJ" sec tc_pop
}

# --- MAC and IP plan ----------------------------------------------------------

CAM_MAC=02:00:00:c4:3e:01   # camera: locally administered (first octet 0x02)
PC_MAC=00:1b:21:3a:4f:10    # PC: universally administered (Intel OUI 00:1b:21)
A_MAC=52:54:00:00:00:0a
B_MAC=52:54:00:00:00:0b
C_MAC=52:54:00:00:00:0c
BR_MAC=52:54:00:00:01:00    # br0 itself (should never appear on the wire)
SWP_MAC=(52:54:00:00:01:01 52:54:00:00:01:02 52:54:00:00:01:03)
VA_MAC=52:54:00:00:10:0a
VB_MAC=52:54:00:00:10:0b
QA_MAC=52:54:00:00:20:0a
QB_MAC=52:54:00:00:20:0b
SA_MAC=52:54:00:00:30:0a
SB_MAC=52:54:00:00:30:0b

# --- a. two-hosts.pcap: camera and PC on one link -----------------------------

say "two-hosts: cam ($CAM_MAC) <-> pc ($PC_MAC)"
make_ns cam
make_ns pc
veth pc eth0 "$PC_MAC" cam eth0 "$CAM_MAC"
host_if pc eth0 192.168.10.1/24
host_if cam eth0 192.168.10.2/24
nsx pc ip neigh flush all
nsx cam ip neigh flush all
start_capture pc eth0 two-hosts.pcap
traffic_starts
nsx pc arping -c 2 -i eth0 192.168.10.2
nsx pc ping -c 3 -i 0.2 192.168.10.2
stop_captures
del_all_ns
only_expected two-hosts.pcap "$CAM_MAC" "$PC_MAC"

# --- b. Linux bridge as the reference learning switch -------------------------

say "bridge: hosts a, b, c on br0 ports 1, 2, 3"
make_ns sw
# stp_state 0: no BPDUs. mcast_snooping 0: with snooping on, br0 joins the
# all-snoopers group 224.0.0.106 and sends its own IGMPv3 reports out of every
# port (seen in a first recording). Without it br0 is a plain learning switch
# that floods multicast like broadcast. ageing_time stays at its default.
ip -n "${NS_PREFIX}sw" link add br0 address "$BR_MAC" type bridge stp_state 0 mcast_snooping 0
ip -n "${NS_PREFIX}sw" link set br0 up
HOSTS=(a b c)
HOST_MACS=("$A_MAC" "$B_MAC" "$C_MAC")
for i in 1 2 3; do
	h="${HOSTS[$((i - 1))]}"
	make_ns "$h"
	veth "$h" eth0 "${HOST_MACS[$((i - 1))]}" sw "swp$i" "${SWP_MAC[$((i - 1))]}"
	ip -n "${NS_PREFIX}sw" link set "swp$i" master br0
	ip -n "${NS_PREFIX}sw" link set "swp$i" up
	host_if "$h" eth0 "10.0.0.$i/24"
done
br_details="$(ip -n "${NS_PREFIX}sw" -d link show br0)"
[[ "$br_details" == *"stp_state 0 "* ]] || die "br0: STP is not off"
[[ "$br_details" == *"mcast_snooping 0 "* ]] || die "br0: multicast snooping is not off"
for i in 1 2 3; do
	for _ in $(seq 50); do
		[[ "$(bridge -n "${NS_PREFIX}sw" link show dev "swp$i")" == *"state forwarding"* ]] && break
		sleep 0.1
	done
	[[ "$(bridge -n "${NS_PREFIX}sw" link show dev "swp$i")" == *"state forwarding"* ]] \
		|| die "bridge port swp$i is not forwarding"
done
[[ -z "$(ip -n "${NS_PREFIX}sw" -6 addr show)" ]] || die "IPv6 addresses present in ${NS_PREFIX}sw"
for h in a b c; do nsx "$h" ip neigh flush all; done
for i in 1 2 3; do
	start_capture sw "swp$i" "bridge-port$i-in.pcap" -Q in
	start_capture sw "swp$i" "bridge-port$i-out.pcap" -Q out
done
traffic_starts
nsx a ping -c 3 -i 0.2 10.0.0.2
nsx c arping -c 1 -i eth0 10.0.0.1
stop_captures

# Learned table: dynamic entries for the three hosts, port names -> numbers.
{
	echo "# Learned (dynamic) MAC table of the Linux bridge br0, read right after the"
	echo "# traffic in bridge-port*.pcap with: bridge fdb show br br0 dynamic"
	echo "# (only the MACs of hosts a, b, c; bridge port swpN is port N)."
	echo "# mac	port	host"
	bridge -n "${NS_PREFIX}sw" fdb show br br0 dynamic | awk -v macs="$A_MAC $B_MAC $C_MAC" '
		BEGIN { n = split(macs, m, " "); for (i = 1; i <= n; i++) host[m[i]] = substr("abc", i, 1) }
		($1 in host) {
			port = ""
			for (i = 2; i < NF; i++) if ($i == "dev") port = $(i + 1)
			sub(/^swp/, "", port)
			print $1 "\t" port "\t" host[$1]
		}' | sort -k2,2n
} >"$OUT/bridge-fdb.txt"
[[ "$(grep -vc '^#' "$OUT/bridge-fdb.txt")" -eq 3 ]] || { cat "$OUT/bridge-fdb.txt" >&2; die "bridge-fdb.txt: expected 3 learned entries"; }
del_all_ns

for i in 1 2 3; do
	for d in in out; do
		only_expected "bridge-port$i-$d.pcap" "$A_MAC" "$B_MAC" "$C_MAC"
	done
done
# The first ARP request from a is a broadcast: flooded out of ports 2 and 3.
expect_count bridge-port3-out.pcap "arp && eth.src == $A_MAC && eth.dst == ff:ff:ff:ff:ff:ff" 1 "a's broadcast ARP flooded to port 3"
expect_count bridge-port2-out.pcap "arp && eth.src == $A_MAC && eth.dst == ff:ff:ff:ff:ff:ff" 1 "a's broadcast ARP flooded to port 2"
# Unicast a<->b traffic never reaches port 3 (the bridge has learned a and b).
expect_count bridge-port3-out.pcap "(eth.src == $A_MAC && eth.dst == $B_MAC) || (eth.src == $B_MAC && eth.dst == $A_MAC)" 0 "unicast a<->b leaked to port 3"
# c's broadcast ARP request is flooded to ports 1 and 2, the reply goes to port 3 only.
expect_count bridge-port1-out.pcap "arp && eth.src == $C_MAC && eth.dst == ff:ff:ff:ff:ff:ff" 1 "c's broadcast ARP flooded to port 1"
expect_count bridge-port2-out.pcap "arp && eth.src == $C_MAC && eth.dst == ff:ff:ff:ff:ff:ff" 1 "c's broadcast ARP flooded to port 2"
expect_count bridge-port2-out.pcap "eth.src == $A_MAC && eth.dst == $C_MAC" 0 "unicast a->c leaked to port 2"
expect_count bridge-port3-out.pcap "eth.src == $A_MAC && eth.dst == $C_MAC" 1 "unicast a->c sent to port 3"

# --- c. vlan.pcap: 802.1Q, VLAN 10 (PCP 5) and VLAN 20 (PCP 0) ---------------

say "vlan: 802.1Q VLAN 10 (priority 5) and VLAN 20 (priority 0)"
make_ns vlan-a
make_ns vlan-b
veth vlan-a eth0 "$VA_MAC" vlan-b eth0 "$VB_MAC"
# Addresses on the (untagged) parent interface; the tagger picks the VLAN
# from the subnet: 10.10.0.0/24 = VLAN 10, 10.20.0.0/24 = VLAN 20.
ip -n "${NS_PREFIX}vlan-a" addr add 10.10.0.1/24 dev eth0
ip -n "${NS_PREFIX}vlan-a" addr add 10.20.0.1/24 dev eth0
ip -n "${NS_PREFIX}vlan-b" addr add 10.10.0.2/24 dev eth0
ip -n "${NS_PREFIX}vlan-b" addr add 10.20.0.2/24 dev eth0
for h in vlan-a vlan-b; do
	tagger "$h" eth0 tc_vlan
	ip -n "${NS_PREFIX}$h" link set eth0 up
	nsx "$h" ip neigh flush all
done
start_capture vlan-a eth0 vlan.pcap
traffic_starts
nsx vlan-a ping -c 2 -i 0.2 10.10.0.2
nsx vlan-a ping -c 2 -i 0.2 10.20.0.2
stop_captures
del_all_ns
only_expected vlan.pcap "$VA_MAC" "$VB_MAC"
expect_count vlan.pcap "!vlan" 0 "untagged frames"
expect_count vlan.pcap "vlan.id == 10 && vlan.priority == 5 && vlan.dei == 0" 6 "VLAN 10 frames with priority 5"
expect_count vlan.pcap "vlan.id == 20 && vlan.priority == 0 && vlan.dei == 0" 6 "VLAN 20 frames with priority 0"

# --- d. qinq.pcap: 802.1ad S-tag 100 outside an 802.1Q C-tag 20 ---------------

say "qinq: 802.1ad S-VLAN 100 + 802.1Q C-VLAN 20"
make_ns qinq-a
make_ns qinq-b
veth qinq-a eth0 "$QA_MAC" qinq-b eth0 "$QB_MAC"
ip -n "${NS_PREFIX}qinq-a" addr add 10.100.20.1/24 dev eth0
ip -n "${NS_PREFIX}qinq-b" addr add 10.100.20.2/24 dev eth0
for h in qinq-a qinq-b; do
	tagger "$h" eth0 tc_qinq
	ip -n "${NS_PREFIX}$h" link set eth0 up
	nsx "$h" ip neigh flush all
done
start_capture qinq-a eth0 qinq.pcap
traffic_starts
nsx qinq-a ping -c 2 -i 0.2 10.100.20.2
stop_captures
del_all_ns
only_expected qinq.pcap "$QA_MAC" "$QB_MAC"
expect_count qinq.pcap "!(eth.type == 0x88a8 && ieee8021ad.id == 100 && ieee8021ah.etype == 0x8100 && vlan.id == 20)" 0 "frames without S-tag 100 / C-tag 20"

# --- e. jumbo-and-small.pcap: a full-size and a minimal echo ------------------

say "jumbo-and-small: ping -s 1472 (1514-byte frame) and ping -s 0 (42-byte frame)"
make_ns size-a
make_ns size-b
veth size-a eth0 "$SA_MAC" size-b eth0 "$SB_MAC"
host_if size-a eth0 192.168.30.1/24
host_if size-b eth0 192.168.30.2/24
nsx size-a ip neigh flush all
nsx size-b ip neigh flush all
start_capture size-a eth0 jumbo-and-small.pcap
traffic_starts
nsx size-a ping -c 1 -s 1472 192.168.30.2
nsx size-a ping -c 1 -s 0 192.168.30.2
stop_captures
del_all_ns
only_expected jumbo-and-small.pcap "$SA_MAC" "$SB_MAC"
expect_count jumbo-and-small.pcap "icmp && frame.len == 1514" 2 "1514-byte echo request/reply"
expect_count jumbo-and-small.pcap "icmp && frame.len == 42" 2 "42-byte echo request/reply"

# --- expected values from tshark ----------------------------------------------

say "decoding with $(tshark --version 2>/dev/null | head -n 1)"
field_args=()
for f in "${TSHARK_FIELDS[@]}"; do field_args+=(-e "$f"); done
for pcap in "$OUT"/*.pcap; do
	name="${pcap%.pcap}"
	tshark -r "$pcap" -n -o eth.fcs:Never -T fields -E header=y -E separator=/t \
		-E occurrence=a -E aggregator=, "${field_args[@]}" \
		>"$name.tshark.tsv" 2>"$WORK/tshark.log" \
		|| { cat "$WORK/tshark.log" >&2; die "tshark failed on $pcap"; }
	tshark -r "$pcap" -n -o eth.fcs:Never >"$name.tshark.txt" 2>"$WORK/tshark.log" \
		|| { cat "$WORK/tshark.log" >&2; die "tshark failed on $pcap"; }
done

# --- publish ------------------------------------------------------------------

owner="$(stat -c %u:%g "$HERE")"
chown "$owner" "$OUT"/*
chmod 644 "$OUT"/*
cp -p "$OUT"/* "$HERE"/

say "done; files in $HERE"
for pcap in "$OUT"/*.pcap; do
	printf '%-28s %3s frames\n' "$(basename "$pcap")" "$(capinfos -c -M -T "$pcap" | awk -F'\t' 'NR == 2 { print $2 }')"
done
