#!/usr/bin/env bash
# camnet's first command: installs the Debian packages camnet needs (only those missing), then
# configures and builds your code in labs/.
#
#   tools/setup.sh          # as root, or as a user who may sudo
@COURSE_SETUP@

echo
echo "camnet setup: done. Your code in labs/ is built; its TODOs make the lab tests fail until you"
echo "write them. Next: open labs/01-frame/README.md, then run the tests:"
echo "  cmake --workflow --preset default                      # every test"
echo "  cmake --build --preset default --target check1         # lab 1's tests"
