#!/usr/bin/env bash
# record.sh - record the lab 3 capture fixtures: a Linux router (R1) forwarding,
# answering with ICMP errors and translating addresses (NAT), captured on both
# of its interfaces and split by direction, plus the tshark decodes and R1's
# configuration in camnet's router config format.
#
# Usage:  sudo labs/03-route/captures/record.sh
#
# Must run as root: it creates network namespaces and veth pairs, runs
# tcpdump, and sets iptables NAT rules inside a namespace. Everything it
# creates lives in network namespaces named camnet-*; they are deleted on exit,
# also on error, SIGTERM or Ctrl-C. Output files are written next to this
# script, and only after every scenario has been recorded and checked (a failed
# run leaves the old files alone; KEEP_WORK=1 keeps the temporary directory).
#
# Debian 12 packages: iproute2 tcpdump tshark iputils-ping traceroute iptables
#                     ethtool python3 procps
#
# Topology (built afresh for every scenario, so each one starts cold: empty
# neighbour caches, no conntrack entries, no learned path MTU):
#
#   cam eth0 02:00:00:00:00:42 10.0.0.42/24 (default via 10.0.0.1)
#     |
#   R1 if0 02:00:00:00:01:00 10.0.0.1/24         <- captured: if0 in / if0 out
#   R1 if1 02:00:00:00:01:01 192.0.2.1/30        <- captured: if1 in / if1 out
#     |
#   R2 if0 02:00:00:00:02:00 192.0.2.2/30
#   R2 if1 02:00:00:00:02:01 198.51.100.1/24
#     |
#   srv eth0 02:00:00:00:00:20 198.51.100.20/24 (default via 198.51.100.1)
#
# Files written (see README.md), one folder per scenario S:
#   S/if0.in.pcap S/if0.out.pcap S/if1.in.pcap S/if1.out.pcap   (R1 received / sent)
#   S/router.conf                                               (R1 in camnet's format)
#   and for every NAME.pcap: NAME.tshark.tsv and NAME.tshark.txt
# (While recording and checking, the files are flat in the work directory, named S.if0.in.pcap
# and so on; folder_scenarios() moves them into their folders before decoding.)
# Scenarios: ping-through traceroute ttl-expired unreachable nat-udp nat-tcp
#            fragmentation

set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../common-record.sh
source "$HERE/../../common-record.sh"

# Checksum validation on (IPv4, UDP, TCP; tshark always checks ICMP),
# reassembly off (IP fragments and TCP segments stay separate frames).
TSHARK_OPTS=(-n -o eth.fcs:Never -o ip.defragment:FALSE -o ip.check_checksum:TRUE
	-o udp.check_checksum:TRUE -o tcp.check_checksum:TRUE -o tcp.desegment_tcp_streams:FALSE)
# Every name checked with `tshark -G fields` (tshark 4.0.17). In ICMP errors
# tshark also decodes the quoted packet, so ip.*, udp.*, icmp.* hold two values,
# outer first, comma-separated (-E occurrence=a -E aggregator=,).
TSHARK_FIELDS=(
	frame.number frame.time_epoch frame.time_relative frame.len
	eth.src eth.dst eth.type
	arp.opcode arp.src.hw_mac arp.src.proto_ipv4 arp.dst.hw_mac arp.dst.proto_ipv4
	ip.version ip.hdr_len ip.dsfield ip.len ip.id ip.flags.df ip.flags.mf
	ip.frag_offset ip.ttl ip.proto ip.checksum ip.checksum.status ip.src ip.dst
	icmp.type icmp.code icmp.checksum icmp.checksum.status icmp.ident icmp.seq icmp.mtu
	udp.srcport udp.dstport udp.length udp.checksum udp.checksum.status
	tcp.srcport tcp.dstport tcp.seq_raw tcp.ack_raw tcp.flags tcp.len
	tcp.checksum tcp.checksum.status
	_ws.col.Protocol _ws.col.Info
)

require_root
require_tools "apt-get install iproute2 tcpdump tshark iputils-ping traceroute iptables ethtool python3 procps" \
	ip tcpdump tshark capinfos ping traceroute iptables ethtool python3 sysctl ss awk
[[ "$(ping -V 2>&1 || true)" == *iputils* ]] || die "ping must be the iputils ping (Debian package iputils-ping)"
[[ "$(traceroute -V 2>&1 || true)" == *"Modern traceroute"* ]] || die "traceroute must be Dmitry Butskoy's (Debian package traceroute)"
init_work

# --- MAC and IP plan ----------------------------------------------------------

CAM_MAC=02:00:00:00:00:42
R1_IF0_MAC=02:00:00:00:01:00
R1_IF1_MAC=02:00:00:00:01:01
R2_IF0_MAC=02:00:00:00:02:00
R2_IF1_MAC=02:00:00:00:02:01
SRV_MAC=02:00:00:00:00:20
BCAST=ff:ff:ff:ff:ff:ff

CAM_IP=10.0.0.42
R1_IF0_IP=10.0.0.1
R1_IF1_IP=192.0.2.1
R2_IF0_IP=192.0.2.2
R2_IF1_IP=198.51.100.1
SRV_IP=198.51.100.20
NOWHERE_IP=203.0.113.5   # no route on R1 (unreachable)

CAM_UDP_PORT=40000       # nat-udp: the camera's fixed source port
SRV_UDP_PORT=5000        # nat-udp: the server's UDP echo
CAM_TCP_PORT=40001       # nat-tcp
SRV_TCP_PORT=8080
TRACE_SPORT=40002        # traceroute --sport (also makes it send one probe at a time)
PING_IDENT=42            # ping -e: fixed ICMP identifier (0x002a)

ALL_HOSTS=(cam r1 r2 srv)

# --- building blocks ------------------------------------------------------------

# topology [nat] [mtu1000]: the four namespaces, routes and R1's config.
#   nat      R1 masquerades on if1; R2 has no route back to 10.0.0.0/24
#   mtu1000  the R1-R2 link has MTU 1000 (both ends: a veth drops frames larger
#            than the receiving end's MTU)
topology() {
	local nat=0 link_mtu=1500 opt
	for opt in "$@"; do
		case "$opt" in
			nat) nat=1 ;;
			mtu1000) link_mtu=1000 ;;
			*) die "topology: unknown option $opt" ;;
		esac
	done
	local h
	for h in "${ALL_HOSTS[@]}"; do make_ns "$h"; done
	veth cam eth0 "$CAM_MAC"    r1 if0 "$R1_IF0_MAC"
	veth r1  if1  "$R1_IF1_MAC" r2 if0 "$R2_IF0_MAC"
	veth r2  if1  "$R2_IF1_MAC" srv eth0 "$SRV_MAC"
	# veth offloads TX checksums: a UDP/TCP packet would cross the veth with
	# only the pseudo-header sum in its checksum field (CHECKSUM_PARTIAL) and
	# be captured like that on R1. Computing them in software puts real
	# checksums on the wire, as a real NIC would.
	local ns_if
	for ns_if in cam:eth0 r1:if0 r1:if1 r2:if0 r2:if1 srv:eth0; do
		nsx "${ns_if%%:*}" ethtool -K "${ns_if#*:}" tx off >/dev/null
	done
	ip -n "${NS_PREFIX}r1" link set if1 mtu "$link_mtu"
	ip -n "${NS_PREFIX}r2" link set if0 mtu "$link_mtu"
	host_if cam eth0 "$CAM_IP/24"
	host_if r1  if0  "$R1_IF0_IP/24"
	host_if r1  if1  "$R1_IF1_IP/30"
	host_if r2  if0  "$R2_IF0_IP/30"
	host_if r2  if1  "$R2_IF1_IP/24"
	host_if srv eth0 "$SRV_IP/24"
	ip -n "${NS_PREFIX}cam" route add default via "$R1_IF0_IP"
	ip -n "${NS_PREFIX}srv" route add default via "$R2_IF1_IP"
	ip -n "${NS_PREFIX}r1" route add 198.51.100.0/24 via "$R2_IF0_IP" dev if1
	[[ $nat -eq 1 ]] || ip -n "${NS_PREFIX}r2" route add 10.0.0.0/24 via "$R1_IF1_IP" dev if0
	nsx r1 sysctl -q -w net.ipv4.ip_forward=1
	nsx r2 sysctl -q -w net.ipv4.ip_forward=1
	[[ $nat -eq 0 ]] || nsx r1 iptables -t nat -A POSTROUTING -o if1 -j MASQUERADE

	# The Linux defaults the captures depend on (README.md explains each).
	[[ "$(nsx r1 sysctl -n net.ipv4.ip_default_ttl)" == 64 ]] || die "r1: ip_default_ttl is not 64"
	[[ "$(nsx r1 sysctl -n net.ipv4.icmp_errors_use_inbound_ifaddr)" == 0 ]] || die "r1: icmp_errors_use_inbound_ifaddr is not 0"
	[[ "$(nsx r1 sysctl -n net.ipv4.icmp_ratemask)" == 6168 ]] || die "r1: icmp_ratemask is not 6168"
	[[ "$(nsx r1 sysctl -n net.ipv4.icmp_ratelimit)" == 1000 ]] || die "r1: icmp_ratelimit is not 1000"
	[[ "$(nsx r1 ip -4 route show default)" == "" ]] || die "r1 has a default route"
	[[ "$(ip -n "${NS_PREFIX}r1" link show if1)" == *"mtu $link_mtu "* ]] || die "r1 if1: MTU is not $link_mtu"
	for h in "${ALL_HOSTS[@]}"; do
		[[ -z "$(ip -n "${NS_PREFIX}$h" -6 addr show)" ]] || die "IPv6 addresses present in ${NS_PREFIX}$h"
	done
	# Let links settle: anything sent while they came up happens before the capture.
	sleep 1

	TOPO_NAT=$nat
	TOPO_MTU=$link_mtu
}

# write_conf SCENARIO: R1 as configured by topology(), in camnet's router
# configuration format (connected routes are implied by the interface lines).
write_conf() {
	local f="$OUT/$1.conf"
	{
		echo "# camnet router configuration: one statement per line; '#' starts a comment."
		echo "# R1 of labs/03-route/captures/$1/*.pcap (written by record.sh)."
		echo "interface if0 mac $R1_IF0_MAC address $R1_IF0_IP/24 mtu 1500"
		echo "interface if1 mac $R1_IF1_MAC address $R1_IF1_IP/30 mtu $TOPO_MTU"
		echo "route 198.51.100.0/24 via $R2_IF0_IP dev if1"
		[[ $TOPO_NAT -eq 0 ]] || echo "nat masquerade dev if1"
	} >"$f"
}

# flush_neigh: empty every host's neighbour (ARP) cache, so R1 must ARP for
# its next hop inside the capture.
flush_neigh() {
	local h
	for h in "${ALL_HOSTS[@]}"; do
		nsx "$h" ip -4 neigh flush all
		[[ -z "$(nsx "$h" ip -4 neigh show nud all | grep -v ' NOARP' || true)" ]] \
			|| die "neighbour cache of $h not empty after flush"
	done
}

# capture_r1 SCENARIO: four captures on R1, split by direction.
capture_r1() {
	local ifc dir
	for ifc in if0 if1; do
		for dir in in out; do
			start_capture r1 "$ifc" "$1.$ifc.$dir.pcap" -s 0 -Q "$dir"
		done
	done
}

# check_common SCENARIO: every frame is ARP or IPv4 between R1 and its
# neighbour on that link, in the direction of the file; all checksums that
# tshark verifies are good (the quoted header inside an ICMP error too; the
# checksums of a quoted, cut-off UDP or ICMP message, or of an ICMP message
# whose end is in a later fragment, cannot be verified); no unicast ARP
# (neighbour re-confirmation) probe.
check_common() {
	local s="$1" ifc dir f mine peer
	for ifc in if0 if1; do
		if [[ $ifc == if0 ]]; then mine=$R1_IF0_MAC peer=$CAM_MAC; else mine=$R1_IF1_MAC peer=$R2_IF0_MAC; fi
		for dir in in out; do
			f="$s.$ifc.$dir.pcap"
			if [[ $dir == in ]]; then
				expect_count "$f" "!(eth.src == $peer && (eth.dst == $mine || eth.dst == $BCAST))" 0 "frames not from the neighbour to R1"
			else
				expect_count "$f" "!(eth.src == $mine && (eth.dst == $peer || eth.dst == $BCAST))" 0 "frames not from R1 to the neighbour"
			fi
			expect_count "$f" "!(arp || ip) || ipv6 || igmp" 0 "unexpected (stray) frames"
			expect_count "$f" "arp.opcode == 1 && eth.dst != $BCAST" 0 "unicast ARP probes (neighbour re-confirmation)"
			expect_count "$f" "ip.checksum.status ~= 1 || (icmp.checksum.status#1 != 1 && ip.flags.mf#1 != 1) || (!icmp && (udp.checksum.status != 1 || tcp.checksum.status != 1))" 0 "a bad or unverified checksum"
		done
	done
}

# check_first_arp SCENARIO IFC TARGET: the first frame R1 sends on IFC is its
# broadcast ARP request for TARGET, and the second frame it receives is the reply.
check_first_arp() {
	local s="$1" ifc="$2" target="$3" mine
	if [[ $ifc == if0 ]]; then mine=$R1_IF0_MAC; else mine=$R1_IF1_MAC; fi
	expect_count "$s.$ifc.out.pcap" "frame.number == 1 && arp.opcode == 1 && eth.dst == $BCAST && arp.src.hw_mac == $mine && arp.dst.proto_ipv4 == $target" 1 "R1's ARP request for $target first"
	expect_count "$s.$ifc.in.pcap" "frame.number == 1 && arp.opcode == 2 && eth.dst == $mine && arp.src.proto_ipv4 == $target" 1 "the ARP reply from $target first"
}

# check_cam_arp SCENARIO: the camera ARPs for its gateway first, R1 answers.
check_cam_arp() {
	local s="$1"
	expect_count "$s.if0.in.pcap" "frame.number == 1 && arp.opcode == 1 && eth.dst == $BCAST && arp.src.proto_ipv4 == $CAM_IP && arp.dst.proto_ipv4 == $R1_IF0_IP" 1 "the camera's ARP request for R1"
	expect_count "$s.if0.out.pcap" "frame.number == 1 && arp.opcode == 2 && eth.dst == $CAM_MAC && arp.src.hw_mac == $R1_IF0_MAC && arp.src.proto_ipv4 == $R1_IF0_IP && arp.dst.proto_ipv4 == $CAM_IP" 1 "R1's ARP reply to the camera"
}

# expect_totals SCENARIO IF0_IN IF0_OUT IF1_IN IF1_OUT
expect_totals() {
	expect_total "$1.if0.in.pcap" "$2"
	expect_total "$1.if0.out.pcap" "$3"
	expect_total "$1.if1.in.pcap" "$4"
	expect_total "$1.if1.out.pcap" "$5"
}

# begin SCENARIO [topology options]: fresh topology, config file, captures.
begin() {
	local s="$1"; shift
	topology "$@"
	write_conf "$s"
	flush_neigh
	capture_r1 "$s"
	traffic_starts
}

# end: stop captures and servers, delete the namespaces.
end() {
	stop_captures
	stop_bg
	del_all_ns
}

# wait_listening NS PROTO PORT: until a socket listens on PORT (ss -l).
wait_listening() {
	local flag
	if [[ $2 == udp ]]; then flag=-uln; else flag=-tln; fi
	for _ in $(seq 50); do
		nsx "$1" ss -H "$flag" "sport = :$3" | grep -q . && return 0
		sleep 0.1
	done
	die "nothing listens on $2 port $3 in $1 (see $WORK)"
}

# --- 1. ping-through -------------------------------------------------------------

S=ping-through
say "1 $S: cam ping -c 3 -i 0.2 $SRV_IP (R1 forwards both ways)"
begin "$S"
nsx cam ping -q -c 3 -i 0.2 -e "$PING_IDENT" "$SRV_IP" >/dev/null
end
check_common "$S"
expect_totals "$S" 4 4 4 4
check_cam_arp "$S"
check_first_arp "$S" if1 "$R2_IF0_IP"
expect_count "$S.if0.in.pcap" "icmp.type == 8 && ip.src == $CAM_IP && ip.dst == $SRV_IP && ip.ttl == 64" 3 "echo requests from the camera"
expect_count "$S.if1.out.pcap" "icmp.type == 8 && ip.src == $CAM_IP && ip.dst == $SRV_IP && ip.ttl == 63 && eth.dst == $R2_IF0_MAC" 3 "echo requests forwarded to R2, TTL 63"
expect_count "$S.if1.in.pcap" "icmp.type == 0 && ip.src == $SRV_IP && ip.dst == $CAM_IP && ip.ttl == 63" 3 "echo replies from R2"
expect_count "$S.if0.out.pcap" "icmp.type == 0 && ip.src == $SRV_IP && ip.dst == $CAM_IP && ip.ttl == 62 && eth.dst == $CAM_MAC" 3 "echo replies forwarded to the camera, TTL 62"

# --- 2. traceroute ---------------------------------------------------------------

S=traceroute
say "2 $S: cam traceroute -n -q 3 -w 1 --sport=$TRACE_SPORT $SRV_IP"
begin "$S"
nsx cam traceroute -n -q 3 -w 1 --sport="$TRACE_SPORT" "$SRV_IP" >"$WORK/$S.out"
end
cat "$WORK/$S.out"
check_common "$S"
expect_totals "$S" 10 10 7 7
check_cam_arp "$S"
check_first_arp "$S" if1 "$R2_IF0_IP"
expect_count "$S.if0.in.pcap" "udp && !icmp && ip.src == $CAM_IP && ip.dst == $SRV_IP && udp.srcport == $TRACE_SPORT" 9 "9 UDP probes"
expect_count "$S.if0.out.pcap" "icmp.type == 11 && icmp.code == 0 && ip.src#1 == $R1_IF0_IP && ip.src#2 == $CAM_IP && ip.ttl#1 == 64" 3 "R1's own time exceeded (from 10.0.0.1, TTL 64)"
expect_count "$S.if0.out.pcap" "icmp.type == 11 && icmp.code == 0 && ip.src#1 == $R2_IF0_IP && ip.src#2 == $CAM_IP && ip.ttl#1 == 63" 3 "R2's time exceeded, forwarded"
expect_count "$S.if0.out.pcap" "icmp.type == 3 && icmp.code == 3 && ip.src#1 == $SRV_IP && ip.src#2 == $CAM_IP && ip.ttl#1 == 62" 3 "the server's port unreachable, forwarded"
expect_count "$S.if1.out.pcap" "udp && !icmp && ip.ttl == 1" 3 "TTL-2 probes leave R1 with TTL 1"
expect_count "$S.if1.out.pcap" "udp && !icmp && ip.ttl == 2" 3 "TTL-3 probes leave R1 with TTL 2"

# --- 3. ttl-expired --------------------------------------------------------------

S=ttl-expired
say "3 $S: cam ping -t 1 -c 2 -i 0.2 $SRV_IP (R1 answers time exceeded)"
begin "$S"
may_fail nsx cam ping -q -t 1 -c 2 -i 0.2 -W 1 -e "$PING_IDENT" "$SRV_IP" >/dev/null
end
check_common "$S"
expect_totals "$S" 3 3 0 0
check_cam_arp "$S"
expect_count "$S.if0.in.pcap" "icmp.type == 8 && ip.ttl == 1" 2 "echo requests with TTL 1"
expect_count "$S.if0.out.pcap" "icmp.type#1 == 11 && icmp.code#1 == 0 && icmp.type#2 == 8 && ip.src#1 == $R1_IF0_IP && ip.dst#1 == $CAM_IP && ip.src#2 == $CAM_IP && ip.dst#2 == $SRV_IP && ip.ttl#1 == 64 && ip.ttl#2 == 1" 2 "time exceeded from R1, quoting the TTL-1 request"

# --- 4. unreachable --------------------------------------------------------------

S=unreachable
say "4 $S: cam ping -c 2 -i 0.2 $NOWHERE_IP (R1 has no route)"
begin "$S"
may_fail nsx cam ping -q -c 2 -i 0.2 -W 1 -e "$PING_IDENT" "$NOWHERE_IP" >/dev/null
end
check_common "$S"
expect_totals "$S" 3 3 0 0
check_cam_arp "$S"
expect_count "$S.if0.in.pcap" "icmp.type == 8 && ip.dst == $NOWHERE_IP" 2 "echo requests to $NOWHERE_IP"
expect_count "$S.if0.out.pcap" "icmp.type#1 == 3 && icmp.code#1 == 0 && icmp.type#2 == 8 && ip.src#1 == $R1_IF0_IP && ip.dst#1 == $CAM_IP && ip.src#2 == $CAM_IP && ip.dst#2 == $NOWHERE_IP" 2 "destination unreachable, code 0 (net unreachable), from R1"

# --- 5. nat-udp ------------------------------------------------------------------

S="nat-udp"
say "5 $S: cam udp $CAM_IP:$CAM_UDP_PORT -> $SRV_IP:$SRV_UDP_PORT x3, R1 masquerades"
begin "$S" nat
start_bg srv "$S.server.log" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
while True:
    data, peer = s.recvfrom(2048)
    s.sendto(b"echo: " + data, peer)
' "$SRV_IP" "$SRV_UDP_PORT"
wait_listening srv udp "$SRV_UDP_PORT"
nsx cam python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
s.settimeout(2)
for i in range(1, 4):
    s.sendto(b"camnet %d\n" % i, (sys.argv[3], int(sys.argv[4])))
    data, peer = s.recvfrom(2048)
    assert data == b"echo: camnet %d\n" % i, data
    time.sleep(0.2)
' "$CAM_IP" "$CAM_UDP_PORT" "$SRV_IP" "$SRV_UDP_PORT"
end
check_common "$S"
expect_totals "$S" 4 4 4 4
check_cam_arp "$S"
check_first_arp "$S" if1 "$R2_IF0_IP"
expect_count "$S.if0.in.pcap" "udp && ip.src == $CAM_IP && udp.srcport == $CAM_UDP_PORT && ip.dst == $SRV_IP && udp.dstport == $SRV_UDP_PORT" 3 "datagrams from the camera"
expect_count "$S.if1.out.pcap" "udp && ip.src == $R1_IF1_IP && udp.srcport == $CAM_UDP_PORT && ip.dst == $SRV_IP && udp.dstport == $SRV_UDP_PORT && ip.ttl == 63" 3 "datagrams after source NAT (port kept)"
expect_count "$S.if1.in.pcap" "udp && ip.src == $SRV_IP && udp.srcport == $SRV_UDP_PORT && ip.dst == $R1_IF1_IP && udp.dstport == $CAM_UDP_PORT" 3 "replies to R1's address"
expect_count "$S.if0.out.pcap" "udp && ip.src == $SRV_IP && udp.srcport == $SRV_UDP_PORT && ip.dst == $CAM_IP && udp.dstport == $CAM_UDP_PORT && ip.ttl == 62" 3 "replies translated back to the camera"

# --- 6. nat-tcp ------------------------------------------------------------------

S="nat-tcp"
say "6 $S: cam tcp $CAM_IP:$CAM_TCP_PORT -> $SRV_IP:$SRV_TCP_PORT, one line each way, R1 masquerades"
begin "$S" nat
start_bg srv "$S.server.log" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2])))
s.listen(1)
c, peer = s.accept()
line = b""
while not line.endswith(b"\n"):
    chunk = c.recv(2048)
    if not chunk:
        break
    line += chunk
c.sendall(b"hello camera\n")
c.close()
' "$SRV_IP" "$SRV_TCP_PORT"
wait_listening srv tcp "$SRV_TCP_PORT"
nsx cam python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind((sys.argv[1], int(sys.argv[2])))
s.settimeout(5)
s.connect((sys.argv[3], int(sys.argv[4])))
s.sendall(b"hello server\n")
reply = b""
while True:
    chunk = s.recv(2048)
    if not chunk:
        break
    reply += chunk
assert reply == b"hello camera\n", reply
s.close()
' "$CAM_IP" "$CAM_TCP_PORT" "$SRV_IP" "$SRV_TCP_PORT"
end
check_common "$S"
check_cam_arp "$S"
check_first_arp "$S" if1 "$R2_IF0_IP"
# (the number of segments is checked against if1 below: every segment is forwarded once)
[[ "$(tshark_count "$OUT/$S.if0.in.pcap" tcp)" -eq "$(tshark_count "$OUT/$S.if1.out.pcap" tcp)" ]] \
	|| die "check failed in $S: not every segment from the camera was forwarded"
[[ "$(tshark_count "$OUT/$S.if1.in.pcap" tcp)" -eq "$(tshark_count "$OUT/$S.if0.out.pcap" tcp)" ]] \
	|| die "check failed in $S: not every segment from the server was forwarded"
expect_count "$S.if0.in.pcap" "tcp && !(ip.src == $CAM_IP && tcp.srcport == $CAM_TCP_PORT && ip.dst == $SRV_IP && tcp.dstport == $SRV_TCP_PORT)" 0 "segments from the camera"
expect_count "$S.if1.out.pcap" "tcp && !(ip.src == $R1_IF1_IP && tcp.srcport == $CAM_TCP_PORT && ip.dst == $SRV_IP && tcp.dstport == $SRV_TCP_PORT && ip.ttl == 63)" 0 "segments after source NAT (port kept)"
expect_count "$S.if1.in.pcap" "tcp && !(ip.src == $SRV_IP && tcp.srcport == $SRV_TCP_PORT && ip.dst == $R1_IF1_IP && tcp.dstport == $CAM_TCP_PORT)" 0 "segments to R1's address"
expect_count "$S.if0.out.pcap" "tcp && !(ip.src == $SRV_IP && tcp.srcport == $SRV_TCP_PORT && ip.dst == $CAM_IP && tcp.dstport == $CAM_TCP_PORT && ip.ttl == 62)" 0 "segments translated back to the camera"
expect_count "$S.if0.in.pcap" "tcp.flags == 0x002" 1 "the camera's SYN"
expect_count "$S.if0.out.pcap" "tcp.flags == 0x012" 1 "the server's SYN-ACK"
expect_count "$S.if0.in.pcap" "tcp.flags.fin == 1" 1 "the camera's FIN"
expect_count "$S.if0.out.pcap" "tcp.flags.fin == 1" 1 "the server's FIN"

# --- 7. fragmentation ------------------------------------------------------------

S=fragmentation
say "7 $S: R1-R2 link MTU 1000; cam ping -s 1400 -M dont, then -M do"
begin "$S" mtu1000
nsx cam ping -q -c 1 -s 1400 -M dont -e "$PING_IDENT" "$SRV_IP" >/dev/null
may_fail nsx cam ping -q -c 1 -s 1400 -M "do" -W 1 -e "$((PING_IDENT + 1))" "$SRV_IP" >/dev/null 2>&1
end
check_common "$S"
expect_totals "$S" 3 4 3 3
check_cam_arp "$S"
check_first_arp "$S" if1 "$R2_IF0_IP"
# 1400 + 8 = 1408 bytes of IP payload; MTU 1000 leaves 980, rounded down to
# a multiple of 8: 976 (offset field 0 and 122), then 432.
expect_count "$S.if0.in.pcap" "icmp.type == 8 && ip.len == 1428 && ip.flags.df == 0" 1 "the -M dont request, whole"
expect_count "$S.if1.out.pcap" "ip.src == $CAM_IP && ((ip.frag_offset == 0 && ip.flags.mf == 1 && ip.len == 996) || (ip.frag_offset == 122 && ip.flags.mf == 0 && ip.len == 452))" 2 "R1 fragments it: 996 + 452"
expect_count "$S.if0.in.pcap" "icmp.type == 8 && ip.len == 1428 && ip.flags.df == 1" 1 "the -M do request, whole"
expect_count "$S.if0.out.pcap" "icmp.type#1 == 3 && icmp.code#1 == 4 && icmp.mtu == 1000 && icmp.type#2 == 8 && ip.src#1 == $R1_IF0_IP && ip.src#2 == $CAM_IP" 1 "fragmentation needed, next-hop MTU 1000"
expect_count "$S.if1.in.pcap" "ip.src == $SRV_IP && ip.flags.df == 0 && (ip.flags.mf == 1 || ip.frag_offset > 0)" 2 "the reply, fragmented by R2"
expect_count "$S.if0.out.pcap" "ip.src == $SRV_IP && ip.flags.df == 0 && (ip.flags.mf == 1 || ip.frag_offset > 0) && ip.ttl == 62" 2 "the reply's fragments forwarded as they are"

# --- decode and publish ------------------------------------------------------------

# folder_scenarios: S.conf -> S/router.conf, S.IF.DIR.pcap -> S/IF.DIR.pcap, for every scenario.
folder_scenarios() {
	local s f
	for s in ping-through traceroute ttl-expired unreachable nat-udp nat-tcp fragmentation; do
		mkdir "$OUT/$s"
		mv "$OUT/$s.conf" "$OUT/$s/router.conf"
		for f in "$OUT/$s".if*.pcap; do
			mv "$f" "$OUT/$s/${f#"$OUT/$s."}"
		done
	done
	[[ -z "$(find "$OUT" -maxdepth 1 -type f)" ]] || die "files left outside the scenario folders: $(ls "$OUT")"
}

folder_scenarios
decode_all
publish
