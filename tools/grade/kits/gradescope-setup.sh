#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image: the assignment for
# @LABS@, on the base image Ubuntu 24.04 (any Debian-based image with CMake 3.25 or newer).
# Written by `camnet kit gradescope`; see the instructor's guide (docs/instructors.md).
#
# It installs only what grading needs (tools/setup.sh --grading: the compiler, CMake, Ninja and
# the libraries the labs' tests use; no cross compiler, no QEMU), builds the grader (the camnet
# program, in source/build/grader, from the starter code: no solution is compiled into it), then
# builds the graded labs once with the reference solution in the student's place, in work/, so
# that each submission rebuilds only what the student's files change. Nothing else is built or
# run. The course with its solutions and the hidden tests stay in source/, the one place the
# sandbox that builds and runs student code never shows it (see camnet grade's --sandbox).
#
# CAMNET_AUTOGRADER_ROOT (default /autograder) puts the whole layout elsewhere, for a trial run.
set -euo pipefail
root="${CAMNET_AUTOGRADER_ROOT:-/autograder}"
cd "$root/source"  # where Gradescope unpacks the zip
@JOBS@
start=$SECONDS
jobs=$(grading_jobs)
echo "camnet kit: installing the packages grading needs"
bash tools/setup.sh --grading
echo "camnet kit: building the grader (build/grader/tools/camnet/camnet), $jobs jobs at once"
# Unoptimised and without debug information, the quickest to compile: the grader spends its time
# waiting for compilers and tests. A newer compiler's new warning must not stop grading (no -Werror).
cmake -S . -B build/grader -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0 \
  -DCAMNET_TRACK=student -DCAMNET_WERROR=OFF >/dev/null
cmake --build build/grader --target camnet --parallel "$jobs"
echo "camnet kit: building the reference of @LABS@ into $root/work"
build/grader/tools/camnet/camnet grade --prepare --work "$root/work" --jobs "$jobs"@GRADE_OPTIONS@
echo "camnet kit: set up in $((SECONDS - start)) s"
