#!/bin/sh
# What make fleet needs on the controller: Debian's ansible package (not
# ansible-core alone: it carries ansible.posix, whose synchronize copies
# the tree and fetches the runs), rsync and python3; through the
# project's bootstrap (scripts/pkg-lib.sh).  Hosts need only sshd and
# python3; make deps installs the rest there.
# Exit: 0 all present or installed, 1 missing.
set -u
# shellcheck source=scripts/pkg-lib.sh
. "$(dirname "$0")/../scripts/pkg-lib.sh"
pkg_ensure fleet-deps 0 "ansible rsync python3 openssh-client" \
	"ansible rsync python3 openssh-clients"
