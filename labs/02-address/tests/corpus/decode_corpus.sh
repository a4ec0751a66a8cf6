#!/usr/bin/env bash
# Writes tshark's decode of the ARP and IPv4 fields of the third-party captures in labs/corpus
# (see its SOURCES.md), one NAME.tshark.tsv per capture, next to this script. The lab 2 test
# "every ARP message and IPv4 header in the third-party corpus ..." compares the student's parsers
# with these files. Run again with a newer corpus: labs/02-address/tests/corpus/decode_corpus.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
corpus=${1:-$here/../../../corpus}
command -v tshark >/dev/null || { echo "tshark is needed: apt-get install tshark" >&2; exit 1; }
[[ -d "$corpus" ]] || { echo "no corpus at $corpus" >&2; exit 1; }
export WIRESHARK_CONFIG_DIR=$(mktemp -d)  # an empty profile: nobody's preferences change the output
trap 'rm -rf "$WIRESHARK_CONFIG_DIR"' EXIT

files=(zeek/arp-who-has.pcap zeek/icmp-ping.pcap zeek/udp-packet.pcap zeek/dhcp.pcap zeek/icmp_dot1q.pcap
       zeek/q-in-q.pcap zeek/ip4-bad-chksum.pcap zeek/ip4-udp-good-chksum.pcap zeek/fragmented-4.pcap
       zeek/fragmented-3.pcap tcpdump/dns_udp.pcap tcpdump/dns_tcp.pcap tcpdump/print-flags.pcap
       tcpdump/dhcp-rfc3004.pcap tcpdump/802.1ad_QinQ.pcap pcapplusplus/IcmpPackets.pcap
       pcapplusplus/UdpPacket4Checksum.pcap pcapplusplus/IPv4Frag.pcap pcapplusplus/frag_with_padding.pcap
       pcapplusplus/one_tcp_stream_fin_rst_close_packet.pcap)
for f in "${files[@]}"; do
  name=$(echo "$f" | tr '/' '-')
  tshark -r "$corpus/$f" -n -o eth.fcs:Never -o ip.defragment:FALSE -o ip.check_checksum:TRUE \
    -T fields -E header=y -E separator=/t -E occurrence=f \
    -e frame.number -e frame.len -e frame.cap_len -e eth.type -e vlan.etype \
    -e arp.opcode -e arp.src.hw_mac -e arp.src.proto_ipv4 -e arp.dst.hw_mac -e arp.dst.proto_ipv4 \
    -e ip.version -e ip.hdr_len -e ip.len -e ip.id -e ip.flags.df -e ip.flags.mf -e ip.frag_offset \
    -e ip.ttl -e ip.proto -e ip.checksum -e ip.checksum.status -e ip.src -e ip.dst \
    2>/dev/null >"$here/${name%.*}.tshark.tsv"
  echo "$f: $(($(wc -l <"$here/${name%.*}.tshark.tsv") - 1)) frames"
done
echo "tshark: $(tshark --version | head -1)"
