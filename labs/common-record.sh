# shellcheck shell=bash
# common-record.sh - helpers shared by the labs' captures/record.sh scripts.
#
# Source it from a record.sh (bash, `set -euo pipefail` already on):
#
#   HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
#   source "$HERE/../../common-record.sh"
#   TSHARK_OPTS=(...) TSHARK_FIELDS=(...)      # the lab's own decode
#   require_root; require_tools "apt-get install ..." ip tcpdump ...
#   init_work                                  # temp dir, traps, cleanup
#
# What it provides (every namespace it creates is named camnet-NAME and is
# deleted on exit, also on error, SIGTERM or Ctrl-C; background processes and
# tcpdumps it started are stopped by their pid):
#   die MSG / say MSG                      error exit / progress line
#   require_root, require_tools HINT TOOL...
#   init_work                              $WORK, $OUT, empty tshark profile, traps
#   make_ns NAME, del_all_ns, nsx NAME CMD...
#   veth NS1 IF1 MAC1 NS2 IF2 MAC2, host_if NS IF IP/LEN
#   may_fail CMD...                        exit status 0 or 1 accepted
#   start_bg NS LOG CMD...                 background process in a namespace
#   stop_bg                                stop them (SIGTERM, by pid)
#   start_capture NS IF FILE [tcpdump args...], stop_captures, traffic_starts
#   tshark_fields FILE FILTER FIELD..., tshark_count FILE FILTER
#   expect_count FILE FILTER N WHAT, expect_total FILE N
#   decode_all                             NAME.tshark.tsv and NAME.tshark.txt for every
#                                          NAME.pcap in $OUT and its folders
#   publish                                copy $OUT (files and folders) into $HERE, print counts
#
# Labs 1 and 2 predate this file and carry their own copies of these helpers.

NS_PREFIX="${NS_PREFIX:-camnet-}"
SETTLE="${SETTLE:-0.3}"   # seconds between "tcpdump is listening" and the first packet
AFTER="${AFTER:-1}"       # seconds between the last packet and stopping tcpdump

NAMESPACES=()
CAPTURE_PIDS=()
CAPTURE_LOGS=()
BG_PIDS=()

die() { echo "record.sh: $*" >&2; exit 1; }
say() { echo "== $*"; }

require_root() {
	if [[ ${EUID} -ne 0 ]]; then
		die "must be run as root (it creates network namespaces and runs tcpdump). Try: sudo $0"
	fi
}

# require_tools HINT TOOL...: every TOOL must be on PATH; HINT says how to
# install them.
require_tools() {
	local hint="$1" tool
	shift
	for tool in "$@"; do
		command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found. On Debian: $hint"
	done
}

# init_work: temporary directory ($WORK, output in $OUT), an empty tshark
# profile (personal preferences must not change the decodes) and the traps.
init_work() {
	WORK="$(mktemp -d /tmp/camnet-record.XXXXXX)"
	OUT="$WORK/out"
	mkdir "$OUT"
	export WIRESHARK_CONFIG_DIR="$WORK/wireshark"
	mkdir "$WIRESHARK_CONFIG_DIR"
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	local pid ns
	for pid in "${CAPTURE_PIDS[@]}"; do
		kill -INT "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	for pid in "${BG_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
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

# del_all_ns: delete every namespace created so far.
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

# host_if NS IF IP/LEN: address and bring up an interface.
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

# start_bg NS LOG CMD...: run CMD in namespace NS in the background, output
# to $WORK/LOG. The caller waits for it to be ready (it knows what "ready"
# means); stop_bg or the exit trap stops it.
start_bg() {
	local ns="${NS_PREFIX}$1" log="$WORK/$2"
	shift 2
	ip netns exec "$ns" "$@" >"$log" 2>&1 &
	BG_PIDS+=("$!")
}

stop_bg() {
	local pid
	for pid in "${BG_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	BG_PIDS=()
}

# start_capture NS IF FILE [tcpdump args...]: start tcpdump in the background
# (pcap format, packet-buffered) and return once it is listening.
start_capture() {
	local ns="${NS_PREFIX}$1" ifc="$2" file="$OUT/$3"
	shift 3
	local err
	err="$WORK/$(basename "$file").tcpdump.log"
	: >"$err"   # exists before tcpdump writes to it (grep below)
	ip netns exec "$ns" tcpdump -i "$ifc" -U -Z root -w "$file" "$@" 2>"$err" &
	local pid=$!
	CAPTURE_PIDS+=("$pid")
	CAPTURE_LOGS+=("$err")
	local _
	for _ in $(seq 100); do
		grep -q 'listening on' "$err" && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	cat "$err" >&2
	die "tcpdump on $ns/$ifc did not start"
}

# stop_captures: wait a little for the last frames, then stop every tcpdump
# with SIGINT, wait for it to finish writing, and check that the kernel
# dropped nothing.
stop_captures() {
	sleep "$AFTER"
	local pid log
	for pid in "${CAPTURE_PIDS[@]}"; do
		kill -INT "$pid"
	done
	for pid in "${CAPTURE_PIDS[@]}"; do
		wait "$pid" || die "tcpdump (pid $pid) failed"
	done
	for log in "${CAPTURE_LOGS[@]}"; do
		grep -q '^0 packets dropped by kernel' "$log" \
			|| { cat "$log" >&2; die "tcpdump dropped packets (see above)"; }
	done
	CAPTURE_PIDS=()
	CAPTURE_LOGS=()
}

traffic_starts() { sleep "$SETTLE"; }

# tshark_fields FILE FILTER FIELD...: values of FIELDs (tab-separated) of the
# frames matching display filter FILTER, decoded with $TSHARK_OPTS.
tshark_fields() {
	local file="$1" filter="$2"; shift 2
	local args=() f
	for f in "$@"; do args+=(-e "$f"); done
	tshark -r "$file" "${TSHARK_OPTS[@]}" -Y "$filter" -T fields -E separator=/t \
		-E occurrence=a -E aggregator=, "${args[@]}" 2>/dev/null
}

# tshark_count FILE FILTER: number of frames in FILE matching display filter.
tshark_count() { tshark_fields "$1" "$2" frame.number | wc -l; }

# expect_count FILE FILTER N WHAT: check (FILE is relative to $OUT), die with
# a message if wrong.
expect_count() {
	local n
	n="$(tshark_count "$OUT/$1" "$2")"
	[[ "$n" -eq "$3" ]] || die "check failed in $1: $4 (filter '$2': expected $3 frames, found $n)"
}

# expect_total FILE N: the file holds exactly N frames.
expect_total() { expect_count "$1" "frame" "$2" "total number of frames"; }

# decode_all: for every NAME.pcap in $OUT (or in a folder under it) write NAME.tshark.tsv ($TSHARK_FIELDS,
# one line per frame, with a header line) and NAME.tshark.txt (tshark's
# one-line summary), both decoded with $TSHARK_OPTS.
decode_all() {
	say "decoding with $(tshark --version 2>/dev/null | head -n 1)"
	local field_args=() f pcap name
	for f in "${TSHARK_FIELDS[@]}"; do field_args+=(-e "$f"); done
	while IFS= read -r -d '' pcap; do
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
	done < <(find "$OUT" -name '*.pcap' -print0 | sort -z)
}

# publish: copy everything in $OUT next to the script (owned like the
# folder; a folder in $OUT replaces the folder of that name, so no stale file
# survives in it), then print the frame count of every capture.
publish() {
	local owner pcap item
	owner="$(stat -c %u:%g "$HERE")"
	chown -R "$owner" "$OUT"/*
	find "$OUT" -mindepth 1 -type f -exec chmod 644 {} +
	find "$OUT" -mindepth 1 -type d -exec chmod 755 {} +
	for item in "$OUT"/*; do
		if [[ -d "$item" ]]; then
			rm -rf "${HERE:?}/$(basename "$item")"
			cp -rp "$item" "$HERE"/
		else
			cp -p "$item" "$HERE"/
		fi
	done
	say "done; files in $HERE"
	while IFS= read -r -d '' pcap; do
		printf '%-36s %3s frames\n' "${pcap#"$OUT"/}" \
			"$(capinfos -c -M -T "$pcap" | awk -F'\t' 'NR == 2 { print $2 }')"
	done < <(find "$OUT" -name '*.pcap' -print0 | sort -z)
}
