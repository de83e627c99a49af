#!/bin/sh
# What `make test` needs beyond `make bench` (scripts/deps.sh): headless
# Chromium, to render and screenshot the HTML report.
#   scripts/test-deps.sh [--check]    as scripts/deps.sh
set -u
check=0
case "${1:-}" in
--check) check=1 ;;
"") ;;
*) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac
. "$(dirname "$0")/pkg-lib.sh"
pkg_ensure test-deps "$check" "chromium" "chromium"
