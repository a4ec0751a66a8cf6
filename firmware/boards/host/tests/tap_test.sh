#!/usr/bin/env bash
# Linux talks to the camera (the host board) through a TAP device in a network namespace: the
# namespace plays the gateway 10.0.2.2 and pings the camera at 10.0.2.15. The camera must answer
# Linux's ARP requests (Linux then knows its MAC), resolve its gateway from Linux's ARP reply, and
# answer the pings (lab 3). Needs root; skips (exit 77) elsewhere.
set -euo pipefail
camera=${1:?usage: tap_test.sh CAMERA_HOST_EXE}
if [[ $(id -u) -ne 0 ]]; then
  echo "SKIPPED: the TAP test needs root (CI runs it as root)"
  exit 77
fi
# tools/setup.sh installs both; elsewhere say which is missing rather than fail for the wrong reason.
for program in ip:iproute2 ping:iputils-ping; do
  if ! command -v "${program%%:*}" >/dev/null; then
    echo "SKIPPED: the TAP test needs '${program%%:*}' (apt-get install ${program##*:}, or run tools/setup.sh)"
    exit 77
  fi
done
ns=camnet-tap-$$
work=$(mktemp -d)
cleanup() { ip netns del "$ns" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
in_ns() { ip netns exec "$ns" "$@"; }

ip netns add "$ns"
in_ns ip link set lo up
in_ns ip tuntap add dev camtap0 mode tap
in_ns ip addr add 10.0.2.2/24 dev camtap0
in_ns ip link set camtap0 up
gateway_mac=$(in_ns cat /sys/class/net/camtap0/address)

in_ns "$camera" --link tap:camtap0 --seconds 4 --capture "$work/camera.pcap" >"$work/log" 2>&1 &
camera_pid=$!
sleep 1
# Linux learned the camera's MAC from the camera's own ARP request for 10.0.2.2: forget it, so
# the ping must ask.
in_ns ip neigh flush dev camtap0
pinged=0
in_ns ping -c 2 -W 1 10.0.2.15 >"$work/ping" 2>&1 || pinged=$?
neighbour=$(in_ns ip neigh show 10.0.2.15 dev camtap0)
status=0
wait "$camera_pid" || status=$?
cat "$work/log"

fail() { echo "FAILED: $*"; exit 1; }
[[ $status -eq 0 ]] || fail "the camera exited with status $status"
# ping exits 1 when no reply came, 2 on any other error: then nothing was asked of the camera, and
# the checks below would blame it for what ping never did.
((pinged <= 1)) || { cat "$work/ping"; fail "Linux's ping could not run (exit status $pinged)"; }
grep -q "gateway 10.0.2.2 is at $gateway_mac" "$work/log" || fail "the camera did not learn the gateway's MAC $gateway_mac"
grep -q "answered an ARP request for 10.0.2.15" "$work/log" || fail "the camera did not answer Linux's ARP request"
grep -q "answered a ping from 10.0.2.2" "$work/log" || fail "the camera did not answer Linux's ping"
[[ $pinged -eq 0 ]] || { cat "$work/ping"; fail "Linux's ping got no replies (ping exit status $pinged)"; }
[[ "$neighbour" == *"lladdr 02:00:00:c4:3e:01"* ]] || fail "Linux's neighbour table has no MAC for the camera: '$neighbour'"
echo "ok: Linux resolved and pinged the camera ($neighbour: $(grep -o "[0-9]* received" "$work/ping")); the camera resolved Linux ($gateway_mac)"
