#!/bin/bash
# make kernel's manifests: base and base+series configured from the same
# .config (same hash), the series' patch recorded with subject and
# patch-id, the tarball version and compiler; read back by mmbench into
# meta.json (kernel.manifest); `make kernel-install DRY_RUN=1` names every
# step and changes nothing.  About 30 s (defconfig + two olddefconfigs).
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/kbuild.bash"
kb_need source

kb_good_patch >"$T/good.mbox"
KSRC=$TARBALL KOUT=$T/k SERIES=$T/good.mbox STOP=config \
	"$KB/build-kernel.sh" >"$T/k.out" 2>"$T/k.err" ||
	{ cat "$T/k.err"; fail "STOP=config failed"; }
b=$T/k/base/mmbench-manifest.json s=$T/k/series/mmbench-manifest.json
[ -f "$b" ] && [ -f "$s" ] || fail "no manifests"

pid=$(git patch-id --stable <"$T/good.mbox" | cut -d' ' -f1)
cc=$(gcc --version | head -1)
ver=$(make -s -C "$SRC" kernelversion)
# The package that owns the tarball the build took (the newest), as
# kernel/build-lib.sh asks it; not a version named here.
pkg=$(dpkg-query -S "$(readlink -f "$TARBALL")" 2>/dev/null | cut -d: -f1)
[ -n "$pkg" ] || fail "no package owns $TARBALL"
pkgver=$(dpkg-query -W -f '${Version}' "$pkg")
python3 - "$b" "$s" "$pid" "$cc" "$ver" "$pkgver" "$TARBALL" <<'PY' || fail "manifest content"
import hashlib, json, os, sys
bf, sf, pid, cc, ver, pkgver, tb = sys.argv[1:]
B, S = json.load(open(bf)), json.load(open(sf))
def ok(c, m):
    if not c:
        print("manifest check failed:", m); sys.exit(1)
def sha(p):
    return hashlib.sha256(open(p, "rb").read()).hexdigest()
ok(B["variant"] == "base" and S["variant"] == "series", "variants")
for M, f in ((B, bf), (S, sf)):
    d = os.path.dirname(f)
    ok(M["config"]["sha256"] == sha(os.path.join(d, ".config")), "config hash is not the .config's")
    ok(M["compiler"] == cc, "compiler %r != %r" % (M["compiler"], cc))
    ok(M["source"]["version"] == ver, "version %s != %s" % (M["source"]["version"], ver))
    ok(M["source"]["kind"] == "plain" and M["source"]["tarball"] == tb, "tarball not recorded")
    ok(M["source"]["package_version"] == pkgver, "package version")
    ok(M["arch"] == "x86_64" and M["image"] is None and M["built"] is None, "arch/image/built")
    ok(M["kernel_release"].startswith(ver + "-mmbench-"), "release " + M["kernel_release"])
ok(B["config"]["sha256"] == S["config"]["sha256"], "base and series configs differ")
ok(S["config"]["same_as_base"] is True, "same_as_base")
ok(B["series"] is None, "base has a series")
p = S["series"]["patches"]
ok(S["series"]["count"] == 1 and len(p) == 1, "patch count")
ok(p[0]["subject"] == "[PATCH 1/1] mm: huge_memory: say hello at init (mmbench test)", "subject " + p[0]["subject"])
ok(p[0]["patch_id"] == pid, "patch-id %s != %s" % (p[0]["patch_id"], pid))
ok(len(p[0]["sha256"]) == 64 and p[0]["file"] == "good.mbox#1", "sha256/file")
ok(B["kernel_release"] != S["kernel_release"], "base and series share a release")
ok(S["kernel_release"].endswith(S["series"]["id"][:8]), "release does not carry the series id")
PY

# Read back by mmbench: kernel.manifest in what meta.json records.
MMBENCH_KERNEL_MANIFEST=$s "$MMBENCH" sysinfo >"$T/si.json" || fail "sysinfo"
python3 - "$T/si.json" "$s" <<'PY' || fail "sysinfo did not record the manifest"
import json, os, sys
k = json.load(open(sys.argv[1]))["kernel"]
m = json.load(open(sys.argv[2]))
assert k["manifest"] == m, "manifest differs"
assert k["manifest_path"] == sys.argv[2]
assert k["manifest_matches"] == (m["kernel_release"] == os.uname().release)
PY
echo '{"broken' >"$T/broken.json"
MMBENCH_KERNEL_MANIFEST=$T/broken.json "$MMBENCH" sysinfo |
	grep -q '"manifest_error": *".*broken.json: not JSON"' || fail "a broken manifest not reported"
MMBENCH_KERNEL_MANIFEST=$T/none.json "$MMBENCH" sysinfo |
	grep -q '"manifest_error": *".*none.json: No such file' || fail "a missing manifest not reported"

# kernel-install DRY_RUN=1 on a built-looking copy: every step, no change.
f=$T/k/fake
mkdir -p "$f/arch/x86/boot"
cp "$T/k/series/.config" "$f/"
: >"$f/System.map"
: >"$f/arch/x86/boot/bzImage"
jq '.image = "arch/x86/boot/bzImage"' "$s" >"$f/mmbench-manifest.json"
rel=$(jq -r .kernel_release "$s")
printf "submenu 'Advanced' \$menuentry_id_option 'gnulinux-advanced-x' {\n\tmenuentry 'Linux %s' \$menuentry_id_option 'gnulinux-%s-advanced-x' {\n\t}\n}\n" \
	"$rel" "$rel" >"$T/grub.cfg"
before=$(ls -la --time-style=full-iso /boot /lib/modules 2>&1)
RC=0
BUILD=$f DRY_RUN=1 BOOT=grub GRUB_CFG=$T/grub.cfg "$KB/build-install.sh" \
	>"$T/inst.out" 2>"$T/inst.err" || RC=$?
cat "$T/inst.out"
[ $RC = 0 ] || { cat "$T/inst.err"; fail "DRY_RUN install: exit $RC"; }
for step in "modules_install" "/boot/vmlinuz-$rel" "/boot/mmbench-manifest-$rel.json" \
	"update-initramfs -c -k $rel" "grub-reboot gnulinux-advanced-x>gnulinux-$rel-advanced-x"; do
	grep -qF -- "$step" "$T/inst.out" || fail "step not shown: $step"
done
BUILD=$f DRY_RUN=1 BOOT=kexec "$KB/build-install.sh" 2>/dev/null |
	grep -q "^+ kexec -l /boot/vmlinuz-$rel" || fail "kexec step not shown"
[ "$before" = "$(ls -la --time-style=full-iso /boot /lib/modules 2>&1)" ] ||
	fail "DRY_RUN changed /boot or /lib/modules"
RC=0
BUILD=$T/k/series DRY_RUN=1 "$KB/build-install.sh" 2>"$T/nb.err" || RC=$?
[ $RC = 2 ] && grep -q 'not built yet' "$T/nb.err" || fail "unbuilt BUILD: exit $RC"
exit 0
