# shellcheck shell=bash
# decode.sh - what craft.sh and record.sh share: the tshark options and the field list of every
# NAME.tshark.tsv in this folder, on top of labs/common-record.sh's helpers. Source it (bash).
#
# The fields, each checked with `tshark -G fields` in tshark 4.0.17 (_ws.* are tshark's own
# pseudo-fields: _ws.expert.message is every expert note, e.g. "Bad checksum [should be 0x88d4]"):
#   frame.number frame.len frame.cap_len
#   sll.pkttype sll.hatype sll.halen sll.src.eth sll.src.ipv4 sll.src.other sll.unused
#   sll.etype sll.gretype sll.ltype sll.ifindex
#   eth.dst eth.src eth.type eth.fcs eth.fcs.status
#   arp.hw.type arp.proto.type arp.hw.size arp.proto.size arp.opcode arp.src.hw_mac
#   arp.src.proto_ipv4 arp.dst.hw_mac arp.dst.proto_ipv4 arp.isgratuitous
#   ip.version ip.hdr_len ip.len ip.id ip.flags.df ip.flags.mf ip.frag_offset ip.ttl ip.proto
#   ip.checksum ip.checksum.status ip.checksum_calculated ip.src ip.dst
#   _ws.expert.message _ws.col.Source _ws.col.Destination _ws.col.Protocol _ws.col.Info
# Several values in one cell (two expert notes, say) are joined with ','.

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../../../labs/common-record.sh
source "$HERE/../../../labs/common-record.sh"

# As the labs decode: no FCS, no reassembly, checksums checked (ip.checksum.status: 0 bad, 1 good,
# 2 not checked).
TSHARK_OPTS=(-n -o eth.fcs:Never -o ip.defragment:FALSE -o ip.check_checksum:TRUE)
# For captures whose frames end with their FCS (NAME-fcs.pcap... see craft.sh).
TSHARK_OPTS_FCS=(-n -o eth.fcs:Always -o eth.check_fcs:TRUE -o ip.defragment:FALSE
	-o ip.check_checksum:TRUE)
TSHARK_FIELDS=(
	frame.number frame.len frame.cap_len
	sll.pkttype sll.hatype sll.halen sll.src.eth sll.src.ipv4 sll.src.other sll.unused
	sll.etype sll.gretype sll.ltype sll.ifindex
	eth.dst eth.src eth.type eth.fcs eth.fcs.status
	arp.hw.type arp.proto.type arp.hw.size arp.proto.size arp.opcode arp.src.hw_mac
	arp.src.proto_ipv4 arp.dst.hw_mac arp.dst.proto_ipv4 arp.isgratuitous
	ip.version ip.hdr_len ip.len ip.id ip.flags.df ip.flags.mf ip.frag_offset ip.ttl ip.proto
	ip.checksum ip.checksum.status ip.checksum_calculated ip.src ip.dst
	_ws.expert.message _ws.col.Source _ws.col.Destination _ws.col.Protocol _ws.col.Info
)

# decode_here: NAME.tshark.tsv and NAME.tshark.txt for every NAME.pcap in $OUT (common-record.sh's
# decode_all), those named *-fcs.pcap (frames that end with their FCS) with TSHARK_OPTS_FCS.
decode_here() {
	local out="$OUT" pcap
	local plain=("${TSHARK_OPTS[@]}")
	mkdir -p "$WORK/with-fcs"
	for pcap in "$OUT"/*-fcs.pcap; do
		if [[ -e "$pcap" ]]; then mv "$pcap" "$WORK/with-fcs/"; fi
	done
	decode_all
	OUT="$WORK/with-fcs"
	TSHARK_OPTS=("${TSHARK_OPTS_FCS[@]}")
	decode_all
	OUT="$out"
	TSHARK_OPTS=("${plain[@]}")
	find "$WORK/with-fcs" -type f -exec mv {} "$OUT"/ \;
}
