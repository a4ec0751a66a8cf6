#!/usr/bin/env bash
# The lab 1 dissect benchmark (see README.md in this folder). It prints figures and asserts nothing.
#
#   tools/bench/dissect_bench.sh [--frames N] [--runs N]
#
# 1. Builds camnet, bench_make_capture and bench_pcap_count in a Release build, build/bench.
# 2. Writes a capture of N mixed Ethernet frames (default 1000000, fixed seed) unless it is there.
# 3. Times, on that file, best of --runs (default 3) with output to /dev/null:
#      bench_pcap_count FILE              libpcap reading every record, nothing else: the anchor
#      tcpdump -nn -e -r FILE             tcpdump's one line per frame
#      camnet dissect FILE                camnet's one line per frame
#    and the same two writing to a real file (best of --runs too), to show what output costs.
# 4. Prints a table: frames, seconds, frames per second, and the ratios of the rates.
#
# TZ=UTC is exported for every run: without it tcpdump looks up the local time zone for every
# packet and runs several times slower, which would measure the time zone code, not the decoding.
#
# Run from the `bench-dissect` target of an existing build (cmake --build build/default --target
# bench-dissect), it uses that build's binaries instead of building build/bench; the environment
# variables CAMNET_BENCH_CAMNET, CAMNET_BENCH_MAKE_CAPTURE, CAMNET_BENCH_PCAP_COUNT,
# CAMNET_BENCH_WORK_DIR and CAMNET_BENCH_BUILD_TYPE say which.
set -euo pipefail
export TZ=UTC LC_ALL=C

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
frames=1000000
runs=3
seed=1

usage() { sed -n '2,4p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
die() {
  echo "dissect_bench: $*" >&2
  exit 1
}

while (($# > 0)); do
  case "$1" in
    --frames) frames=${2:?--frames needs a number}; shift 2 ;;
    --runs) runs=${2:?--runs needs a number}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
[[ "$frames" =~ ^[1-9][0-9]*$ ]] || die "--frames wants a positive whole number, not '$frames'"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs wants a positive whole number, not '$runs'"

# tcpdump first: no point building for ten seconds and then stopping.
tcpdump=$(command -v tcpdump || true)
[[ -z "$tcpdump" && -x /usr/sbin/tcpdump ]] && tcpdump=/usr/sbin/tcpdump
if [[ -z "$tcpdump" ]]; then
  die "tcpdump is not installed, and this benchmark compares camnet with it.
  Install it (Debian: sudo apt-get install -y tcpdump) and run this script again."
fi

# --- 1. the binaries ------------------------------------------------------------------------------
if [[ -n "${CAMNET_BENCH_CAMNET:-}" ]]; then
  camnet=$CAMNET_BENCH_CAMNET
  make_capture=${CAMNET_BENCH_MAKE_CAPTURE:?}
  pcap_count=${CAMNET_BENCH_PCAP_COUNT:?}
  work=${CAMNET_BENCH_WORK_DIR:?}
  build_type=${CAMNET_BENCH_BUILD_TYPE:-}
  echo "using the binaries of the build this target runs in (build type: ${build_type:-none})"
  if [[ "$build_type" != Release ]]; then
    echo "note: not a Release build; the figures in README.md come from tools/bench/dissect_bench.sh," \
      "which builds one in build/bench"
  fi
else
  build=$root/build/bench
  work=$build/tools/bench
  build_type=Release
  mkdir -p "$build"
  log=$build/bench-build.log
  echo "building camnet, bench_make_capture, bench_pcap_count (Release, build/bench; log: $log)"
  if ! { cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release &&
    cmake --build "$build" --target camnet bench_make_capture bench_pcap_count; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    die "the build failed (the whole log: $log)"
  fi
  camnet=$build/tools/camnet/camnet
  make_capture=$build/tools/bench/bench_make_capture
  pcap_count=$build/tools/bench/bench_pcap_count
fi
for program in "$camnet" "$make_capture" "$pcap_count"; do
  [[ -x "$program" ]] || die "$program is missing (did the build make it?)"
done

# --- 2. the capture -------------------------------------------------------------------------------
# Made again when the generator is newer than it, so a change to the mix is never measured stale.
mkdir -p "$work"
capture=$work/dissect-bench-${frames}-seed${seed}.pcap
if [[ ! -f "$capture" || "$make_capture" -nt "$capture" ]]; then
  echo "writing the capture (${frames} frames, seed ${seed})"
  "$make_capture" "$capture.part" "$frames" "$seed" >"$capture.mix.txt" ||
    die "bench_make_capture failed"
  mv "$capture.part" "$capture"
fi
[[ -f "$capture.mix.txt" ]] && sed 's/^/  mix: /' "$capture.mix.txt"
capture_mb=$(awk -v b="$(stat -c %s "$capture")" 'BEGIN { printf "%.0f", b / 1e6 }')

# Every run reads the file from memory, not from the disk.
cat "$capture" >/dev/null

# --- 3. the runs ----------------------------------------------------------------------------------
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# timed OUT CMD...: runs CMD with its output in OUT; sets wall and cpu (user + system), in seconds.
timed() {
  local out=$1
  shift
  local TIMEFORMAT='%3R %3U %3S' user sys
  if ! { time "$@" >"$out" 2>"$tmp/stderr"; } 2>"$tmp/time"; then
    sed 's/^/  /' "$tmp/stderr" >&2
    die "failed: $*"
  fi
  read -r wall user sys <"$tmp/time"
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.3f", u + s }')
}

# What is timed: the bare read, then tcpdump and camnet writing to /dev/null, then the same two
# writing to a real file on the same disk as the capture (NAME-file).
names=(bare tcpdump camnet tcpdump-file camnet-file)
declare -A best best_cpu all lines megabytes sample
run_one() {  # run_one NAME OUT: one timed run of NAME, its output in OUT
  case "$1" in
    bare) timed "$2" "$pcap_count" "$capture" ;;
    tcpdump*) timed "$2" "$tcpdump" -nn -e -r "$capture" ;;
    camnet*) timed "$2" "$camnet" dissect "$capture" ;;
  esac
}

# The bare read prints its count: check it first, so a broken capture stops everything here.
run_one bare "$tmp/count"
read -r bare_frames _ <"$tmp/count"
[[ "$bare_frames" == "$frames" ]] ||
  die "bench_pcap_count read $bare_frames frames from $capture, not $frames"
lines[bare]=$bare_frames

echo "timing: best of $runs, the programs taking turns (TZ=$TZ)"
for ((round = 1; round <= runs; ++round)); do
  for name in "${names[@]}"; do
    out=/dev/null
    if [[ "$name" == *-file ]]; then
      out=$work/dissect-bench-output-${name%-file}.txt
      rm -f "$out"
    fi
    run_one "$name" "$out"
    all[$name]+="$wall "
    if [[ -z "${best[$name]:-}" ]] || awk -v a="$wall" -v b="${best[$name]}" 'BEGIN { exit !(a < b) }'; then
      best[$name]=$wall
      best_cpu[$name]=$cpu
    fi
    if [[ "$out" != /dev/null ]]; then
      # One line per frame; tcpdump's hex dumps of unknown EtherTypes add lines starting with a tab.
      lines[$name]=$(grep -vc $'^\t' "$out" || true)
      lines[${name%-file}]=${lines[$name]}  # the same program and file: the same lines
      megabytes[$name]=$(awk -v b="$(stat -c %s "$out")" 'BEGIN { printf "%.0f", b / 1e6 }')
      sample[$name]=$(grep -v $'^\t' "$out" | sed -n '3p')
      # Written back to the disk now, outside the timing, so that it does not slow the next run.
      sync
      rm -f "$out"
    fi
  done
done

# --- 4. the table ---------------------------------------------------------------------------------
rate() { awk -v n="$1" -v t="$2" 'BEGIN { if (t > 0) printf "%.2f M", n / t / 1e6; else print "-" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "-" }'; }

cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
echo
echo "dissect benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) cores (${cpu_model:-unknown CPU})," \
  "${build_type:-no} build, $("$tcpdump" --version 2>&1 | head -n 1)"
revision=$(git -C "$root" describe --always --dirty 2>/dev/null || echo "unknown")
echo "camnet: commit $revision (-dirty: with uncommitted changes)"
echo "capture: $capture ($frames frames, $capture_mb MB)"
echo
printf '%-34s %9s %8s %8s %12s   %s\n' "what (output)" frames seconds "cpu s" "frames/s" "all runs (s)"
row() {  # row LABEL NAME
  printf '%-34s %9s %8s %8s %12s   %s\n' "$1" "${lines[$2]}" "${best[$2]}" "${best_cpu[$2]}" \
    "$(rate "${lines[$2]}" "${best[$2]}")" "${all[$2]% }"
}
row "bare libpcap read (no output)" bare
row "tcpdump -nn -e (> /dev/null)" tcpdump
row "camnet dissect (> /dev/null)" camnet
row "tcpdump -nn -e (> file, ${megabytes[tcpdump-file]} MB)" tcpdump-file
row "camnet dissect (> file, ${megabytes[camnet-file]} MB)" camnet-file
echo
echo "ratios of the rates (frames per second)     > /dev/null   > file"
ratios() {  # ratios LABEL A B: A's rate over B's, to /dev/null and to a file
  local a=$2 b=$3
  printf '  %-42s %10s   %6s\n' "$1" "$(ratio "${best[$a]}" "${best[$b]}")" \
    "$(ratio "${best[$a-file]:-${best[$a]}}" "${best[$b-file]:-${best[$b]}}")"
}
ratios "camnet dissect / tcpdump" camnet tcpdump
ratios "camnet dissect / bare read" camnet bare
ratios "tcpdump / bare read" tcpdump bare
echo
goal() { awk -v r="$1" 'BEGIN { print (r >= 3.0 ? "met" : "not met") }'; }
null_ratio=$(ratio "${best[camnet]}" "${best[tcpdump]}")
file_ratio=$(ratio "${best[camnet-file]}" "${best[tcpdump-file]}")
echo "project goal, camnet dissect at least 3x tcpdump's rate with full text output:" \
  "$(goal "$null_ratio") to /dev/null (${null_ratio}x), $(goal "$file_ratio") to a file (${file_ratio}x)"
for name in tcpdump camnet; do
  if [[ "${lines[$name]}" != "$frames" ]]; then
    echo "warning: $name printed ${lines[$name]} lines for $frames frames"
  fi
done
# A single-threaded program reading a cached file uses the CPU all the time it runs: if its time
# on the clock is well over its CPU time, something else was running and the figures are noisy.
busy=0
for name in "${names[@]}"; do
  if awk -v w="${best[$name]}" -v c="${best_cpu[$name]}" 'BEGIN { exit !(w > 1.15 * c + 0.02) }'; then
    busy=$((busy + 1))
  fi
done
if ((busy > 0)); then
  echo "warning: the machine was busy (clock time well over CPU time in $busy of the ${#names[@]} best runs," \
    "load average now $(cut -d' ' -f1-3 /proc/loadavg)); the figures are noisy, run again when it is idle"
fi
echo
echo "what each prints for frame 3:"
echo "  tcpdump: ${sample[tcpdump-file]}"
echo "  camnet:  ${sample[camnet-file]}"
