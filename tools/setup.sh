#!/usr/bin/env bash
# camnet's first command: installs the Debian packages camnet needs (only those missing), configures
# and builds the reference track, and runs the main job (the labs over bundled captures, then the
# camera firmware as a Linux process and on the emulated Cortex-M7 board).
#
#   tools/setup.sh          # as root, or as a user who may sudo
#   tools/setup.sh --ci     # also the tools CI uses (clang for fuzzing, xmllint, clang-format,
#                           # DPDK for the route benchmark), and warnings as errors
#   tools/setup.sh --grading  # only what building and running the labs' tests and camnet grade
#                           # need (no cross compiler, no QEMU), installed, and nothing built: a
#                           # grading machine's (the Gradescope kit, the GitHub Classroom workflow)
#   tools/setup.sh --list   # with any of the above: print the packages it needs, install nothing
set -euo pipefail
cd "$(dirname "$0")/.."

mode=""
list=false
for arg in "$@"; do
  case "$arg" in
    --ci | --grading)
      [[ -z "$mode" ]] || { echo "camnet setup: $mode and $arg do not go together" >&2; exit 2; }
      mode="$arg" ;;
    --list) list=true ;;
    *) echo "usage: tools/setup.sh [--ci | --grading] [--list]" >&2; exit 2 ;;
  esac
done

# What grading needs: the labs' tests build and run with these, and so does camnet grade.
packages=(build-essential cmake ninja-build catch2 libfmt-dev libpcap-dev libcli11-dev)
packages+=(git unzip)      # camnet grade reads submissions from git and .zip
packages+=(bubblewrap)     # camnet grade builds and tests each submission in bubblewrap's sandbox
packages+=(nlohmann-json3-dev)  # camnet grade keeps each student's report as JSON, to resume a class
packages+=(ccache)         # camnet grade's compiler cache: what it compiles again costs nothing
if [[ "$mode" != "--grading" ]]; then
  packages+=(zip)           # camnet kit zips the Gradescope autograders
  packages+=(pkg-config)    # finds DPDK for the route benchmark (tools/bench)
  packages+=(libslirp-dev)  # the camera as a Linux process (camera-host) on libslirp's network
  # The camera firmware on the emulated Cortex-M7 board: the cross compiler and its C and C++
  # libraries build the image, QEMU boots it (the main job's last demo and the `firmware` tests).
  packages+=(gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib qemu-system-arm)
  # What the tests run besides camnet's own programs: the TAP test puts Linux in a network namespace
  # (ip) and pings the camera (ping).
  packages+=(iproute2 iputils-ping)
  # The Gradescope kit's test runs the autograder as in Docker, where no namespace can be made
  # (tools/grade/tests/no_namespaces.cpp applies Docker's seccomp rules with libseccomp).
  packages+=(libseccomp-dev)
fi
if [[ "$mode" == "--ci" ]]; then
  packages+=(clang libclang-rt-14-dev clang-format libxml2-utils)
  packages+=(dpdk-dev)  # rte_lpm and rte_fib, the anchors of the route benchmark (tools/bench)
fi
if $list; then
  printf '%s\n' "${packages[@]}"
  exit 0
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} > 0)); then
  echo "camnet setup: installing ${missing[*]}"
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "camnet setup: run as root, or install sudo" >&2; exit 1; }
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "camnet setup: every package camnet needs is installed"
fi
if [[ "$mode" == "--grading" ]]; then
  echo "camnet setup: the packages grading needs are installed (--grading builds nothing)"
  exit 0
fi

cmake_args=()
if [[ "$mode" == "--ci" ]]; then
  cmake_args+=(-DCAMNET_WERROR=ON)  # CI: warnings are errors from the start
fi
cmake --preset default "${cmake_args[@]}"
cmake --build --preset default

# The main job: the labs' pipeline over bundled captures of real traffic, then the camera firmware
# running the labs' stack (camnet demo), as a Linux process and on the emulated Cortex-M7 board.
# Lab 1 dissects two hosts' traffic and writes each frame back as lab 1 parsed and emitted it; its
# switch replays a Linux bridge's input; lab 2's interface answers the ARP requests a Linux laptop sent to the camera;
# lab 3's router replays a Linux router's traceroute, and traces the book's figure.
out=build/default/main-job
mkdir -p "$out"
camnet=build/default/tools/camnet/camnet
captures=labs/01-frame/captures
echo
echo "== camnet dissect $captures/two-hosts.pcap -w $out/two-hosts.out.pcap"
"$camnet" dissect "$captures/two-hosts.pcap" -w "$out/two-hosts.out.pcap"
echo
echo "== camnet switch: lab 1's switch over the Linux bridge's input, one capture per port"
"$camnet" switch --ports 3 --in "$captures/bridge-port1-in.pcap" --in "$captures/bridge-port2-in.pcap" \
  --in "$captures/bridge-port3-in.pcap" --out "$out/switch"
echo
echo "== camnet arp: lab 2's interface, as the camera, answers a Linux laptop's ARP requests"
"$camnet" arp labs/02-address/captures/linux-answers-arp.pcap --ip 192.168.10.42/24 \
  --mac 02:00:00:c4:3e:01 --out "$out/arp-replies.pcap"
echo
echo "== camnet route: lab 3's router replays a Linux router's input (a traceroute through it) and"
echo "   its output is compared, field by field, with what Linux sent"
traceroute=labs/03-route/captures/traceroute
"$camnet" route --config "$traceroute/router.conf" --in "if0=$traceroute/if0.in.pcap" \
  --in "if1=$traceroute/if1.in.pcap" --out "$out/route" --expect "$traceroute"
echo
echo "== camnet trace: the book's figure 12.6 as a simulation, traceroute from the camera"
"$camnet" trace
echo
echo "== camnet demo: the camera firmware on the labs' stack (the host board, libslirp network)"
"$camnet" demo --seconds 3
echo
echo "== camnet demo --board qemu: the same firmware on the emulated Cortex-M7 board (QEMU)"
"$camnet" demo --board qemu
echo
echo "camnet setup: done. Captures written under $out and build/default/demo (open them in Wireshark)."
echo "Next: run every test with   cmake --workflow --preset default"
