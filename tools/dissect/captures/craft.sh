#!/usr/bin/env bash
# craft.sh - write the crafted captures of tools/dissect/captures (make_crafted.py: packets real
# traffic never holds, broken on purpose) and tshark's decode of each beside it.
#
# Usage:  tools/dissect/captures/craft.sh        (no root needed)
#
# Debian 12 packages: python3 tshark (wireshark-common, for capinfos)
#
# Files written, each NAME.pcap with NAME.tshark.tsv (the fields in decode.sh) and NAME.tshark.txt:
#   ipv4-faults      Ethernet frames whose IPv4 header is wrong: checksum, Total Length, IHL, version,
#                    cut short
#   arp-faults       ARP messages cut short, with an unknown opcode, another hardware or protocol
#   ethernet-faults  frames too short for their Ethernet header
#   with-fcs         frames that end with their FCS: good, bad FCS, a runt (read them with --fcs)
#   cooked-oddities, cooked2-oddities
#                    Linux cooked records (SLL, SLL2) real `tcpdump -i any` captures seldom hold:
#                    cut short, tun and GRE devices, LLC, a whole Ethernet frame, a long address
# The files are written to a temporary folder first and copied here only once all are decoded.
set -euo pipefail

# shellcheck source=decode.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/decode.sh"

require_tools "apt-get install python3 tshark" python3 tshark capinfos
init_work
say "writing the crafted captures"
python3 "$HERE/make_crafted.py" "$OUT"
for name in ipv4-faults arp-faults ethernet-faults with-fcs cooked-oddities cooked2-oddities; do
	[[ -s "$OUT/$name.pcap" ]] || die "make_crafted.py did not write $name.pcap"
done
decode_here
# What the captures are for: tshark must find the faults they were made to hold.
expect_count ipv4-faults.pcap "ip.checksum.status == 0" 3 "headers with a bad checksum"
expect_count ipv4-faults.pcap "_ws.malformed" 2 "headers cut short"
plain=("${TSHARK_OPTS[@]}")
TSHARK_OPTS=("${TSHARK_OPTS_FCS[@]}")
expect_count with-fcs.pcap "eth.fcs.status == 0" 1 "a bad FCS"
TSHARK_OPTS=("${plain[@]}")
publish
