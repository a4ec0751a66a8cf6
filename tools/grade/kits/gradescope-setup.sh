#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (pick a Debian-based
# image with CMake 3.25 or newer: Ubuntu 24.04, or Debian 12). Written by `camnet kit gradescope`.
#
# It installs what camnet needs and builds the course (tools/setup.sh, the README's first command),
# then builds every lab once with the reference solution in the student's place, in
# /autograder/work. Each submission then rebuilds only what the student's files change.
set -euo pipefail
cd /autograder/source  # where Gradescope unpacks the zip
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ca-certificates git unzip
tools/setup.sh
build/default/tools/camnet/camnet grade --prepare --work /autograder/work@GRADE_OPTIONS@
