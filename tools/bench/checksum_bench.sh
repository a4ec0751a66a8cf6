#!/usr/bin/env bash
# The lab 2 checksum benchmark (see README.md in this folder). It prints figures and asserts nothing.
#
#   tools/bench/checksum_bench.sh [--repetitions N] [--mib N]
#
# Builds bench_checksum in the Release build build/bench (as dissect_bench.sh does; the log goes to
# build/bench/bench-build.log), then runs it with these arguments: lab 2's internet_checksum
# against the handout's textbook 16-bit loop, on 1500-byte buffers, from memory and from L1.
# `cmake --build build/default --target bench-checksum` runs the same program of that build instead.
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$root/build/bench
log=$build/bench-build.log
mkdir -p "$build"
echo "building bench_checksum (Release, build/bench; log: $log)"
if ! { cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release &&
  cmake --build "$build" --target bench_checksum; } >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  echo "checksum_bench: the build failed (the whole log: $log)" >&2
  exit 1
fi
echo "camnet: commit $(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)," \
  "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
exec "$build/tools/bench/bench_checksum" "$@"
