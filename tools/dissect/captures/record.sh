#!/usr/bin/env bash
# record.sh - record the Linux cooked captures of tools/dissect/captures: what a student gets from
# `tcpdump -i any` on their own Linux machine, and tshark's decode of each beside it.
#
# Usage:  sudo tools/dissect/captures/record.sh
#
# Must run as root: it creates two network namespaces joined by a veth pair and runs tcpdump in
# one of them. The namespaces are named camnet-*; they are deleted on exit, also on error, SIGTERM
# or Ctrl-C. Files are copied here only once everything is recorded and checked (KEEP_WORK=1 keeps
# the temporary folder).
#
# Debian 12 packages: iproute2 tcpdump tshark iputils-ping arping procps
#
#   pc  eth0 00:1b:21:3a:4f:10 192.168.10.20/24 ---- cam  eth0 02:00:00:c4:3e:01 192.168.10.42/24
#   (both capture: tcpdump -i any in pc, so pc's lo and eth0)
#
# Two tcpdumps run at once in pc, one with -y LINUX_SLL and one with -y LINUX_SLL2 (tcpdump 4.99,
# Debian 12's, writes SLL2 for -i any unless told; older ones SLL), so both files hold the same
# packets:
#   any-sll.pcap, any-sll2.pcap: pc pings cam (ARP first), cam pings pc, pc's ARP requests to cam
#   (arping, whose requests are padded to 60 bytes: the padding stays in the record), cam's
#   gratuitous ARP (a broadcast), and pc pinging itself on lo (libpcap's "any" shows a packet on
#   lo once, as unicast to us, not also as sent by us)
# Each NAME.pcap has NAME.tshark.tsv (the fields in decode.sh) and NAME.tshark.txt.
set -euo pipefail

# shellcheck source=decode.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/decode.sh"

require_root
require_tools "apt-get install iproute2 tcpdump tshark iputils-ping arping procps" \
	ip tcpdump tshark capinfos ping arping sysctl
[[ "$(arping --help 2>&1 || true)" == *Habets* ]] || die "arping must be Thomas Habets' arping (Debian package 'arping')"
init_work

PC_MAC=00:1b:21:3a:4f:10
CAM_MAC=02:00:00:c4:3e:01
PC_IP=192.168.10.20
CAM_IP=192.168.10.42

say "topology: pc and cam joined by a veth pair"
make_ns pc
make_ns cam
veth pc eth0 "$PC_MAC" cam eth0 "$CAM_MAC"
host_if pc eth0 "$PC_IP/24"
host_if cam eth0 "$CAM_IP/24"
sleep 1  # whatever the links send as they come up happens before the captures

say "recording (tcpdump -i any in pc, SLL and SLL2 at once)"
start_capture pc any any-sll.pcap -y LINUX_SLL
start_capture pc any any-sll2.pcap -y LINUX_SLL2
traffic_starts
nsx pc ping -q -c 2 -i 0.2 "$CAM_IP" >/dev/null
nsx cam ping -q -c 1 "$PC_IP" >/dev/null
nsx pc arping -q -c 2 -i eth0 "$CAM_IP"
may_fail nsx cam arping -q -U -c 1 -i eth0 "$CAM_IP"
nsx pc ping -q -c 1 "$PC_IP" >/dev/null
stop_captures
del_all_ns

decode_here
for f in any-sll.pcap any-sll2.pcap; do
	# Nothing but what the script sent: ARP, and ICMP between the two hosts or on lo.
	expect_count "$f" "!(arp || icmp) || ipv6" 0 "stray frames"
	expect_count "$f" "ip && ip.checksum.status != 1" 0 "IPv4 header checksums not good"
	expect_count "$f" "sll.pkttype == 4 && icmp.type == 8 && ip.src == $PC_IP && ip.dst == $CAM_IP" 2 "pc's echo requests, sent by us"
	expect_count "$f" "sll.pkttype == 0 && icmp.type == 8 && ip.src == $CAM_IP" 1 "cam's echo request, unicast to us"
	expect_count "$f" "sll.pkttype == 1 && arp.isgratuitous" 1 "cam's gratuitous ARP, a broadcast"
	expect_count "$f" "sll.hatype == 772 && sll.pkttype == 0 && icmp" 2 "the ping on lo, each packet once"
	expect_count "$f" "arp.opcode == 1 && sll.pkttype == 4 && arp.dst.proto_ipv4 == $CAM_IP" 3 "pc's ARP requests (the kernel's and arping's)"
done
encapsulation() { capinfos -T -E "$OUT/$1" | awk -F'\t' 'NR == 2 { print $2 }'; }
[[ "$(encapsulation any-sll.pcap)" == linux-sll ]] || die "any-sll.pcap is $(encapsulation any-sll.pcap), not linux-sll"
[[ "$(encapsulation any-sll2.pcap)" == linux-sll2 ]] || die "any-sll2.pcap is $(encapsulation any-sll2.pcap), not linux-sll2"
expect_count any-sll2.pcap "sll.ifindex" "$(tshark_count "$OUT/any-sll2.pcap" frame)" "an interface index on every SLL2 record"
[[ "$(tshark_count "$OUT/any-sll.pcap" frame)" == "$(tshark_count "$OUT/any-sll2.pcap" frame)" ]] \
	|| die "the SLL and SLL2 captures hold different numbers of packets"
publish
