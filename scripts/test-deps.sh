#!/bin/sh
# What `make test` needs beyond `make bench` (scripts/deps.sh): headless
# Chromium, to render and screenshot the HTML report; Debian's lava-common
# and python3-jinja2, whose LAVA job and test definition schemas check
# lab/lava/ (Fedora packages no LAVA: tests/integration/lava.sh says so).
#   scripts/test-deps.sh [--check]    as scripts/deps.sh
set -u
check=0
case "${1:-}" in
--check) check=1 ;;
"") ;;
*) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac
# shellcheck source-path=SCRIPTDIR source=pkg-lib.sh
. "$(dirname "$0")/pkg-lib.sh"
rc=0
pkg_ensure test-deps "$check" "chromium" "chromium" || rc=1
if command -v dpkg-query >/dev/null 2>&1; then
	pkg_ensure test-deps "$check" "lava-common python3-jinja2" "" || rc=1
fi
exit $rc
