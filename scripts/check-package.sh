#!/usr/bin/env bash
# Checks the Debian package scripts/package.sh made ($1): dpkg-deb's view of it, lintian with no error,
# then installs it into a scratch root with dpkg (maintainer scripts run there, as with DPKG_ROOT), and
# checks what landed: the user and folders, the chain key (0640 root:gammalog, kept on reinstall and purge), the shipped configuration passing gammalogd --check-config,
# the installed unit passing systemd-analyze verify with an exposure of at most 2.0; then removes and purges.
set -euo pipefail
deb="$1"
fail() { echo "check-package: $*" >&2; exit 1; }

echo "== dpkg-deb"
dpkg-deb --info "$deb" >/dev/null
dpkg-deb --field "$deb" Package Version Architecture Depends
contents="$(dpkg-deb --contents "$deb")"
for path in ./usr/bin/gammalogd ./usr/bin/gammalog ./usr/bin/gammalog-sim ./lib/systemd/system/gammalogd.service \
  ./usr/lib/sysusers.d/gammalog.conf ./usr/lib/tmpfiles.d/gammalog.conf ./etc/gammalog/gammalog.yaml \
  ./usr/share/gammalog/Devices/ccg1.yaml ./usr/share/doc/gammalog/copyright; do
  grep -q " $path\$" <<<"$contents" || fail "$path is not in the package"
done
grep -q 'root/root' <<<"$contents" || fail "files are not owned by root"
[ "$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)" = /etc/gammalog/gammalog.yaml ] \
  || fail "the configuration is not a conffile"

echo "== lintian"
findings="$(lintian --tag-display-limit 0 "$deb" || true)"
echo "${findings:-lintian: no findings}"
! grep -q '^E: ' <<<"$findings" || fail "lintian reports errors"

echo "== install into a scratch root"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/etc"
touch "$root/var/lib/dpkg/status"
dpkg=(dpkg --root="$root" --force-script-chrootless --force-depends --log=/dev/null)
[ "$(id -u)" -eq 0 ] || dpkg+=(--force-not-root)
"${dpkg[@]}" --install "$deb"
grep -q '^gammalog:x:[0-9]*:[0-9]*:GammaLog daemon:/var/lib/gammalog:' "$root/etc/passwd" \
  || fail "no gammalog user: $(cat "$root/etc/passwd")"
grep -q '^dialout:.*gammalog' "$root/etc/group" || fail "gammalog is not in dialout"
gid="$(sed -n 's/^gammalog:x:\([0-9]*\):.*/\1/p' "$root/etc/group")"
[ "$(stat -c '%a %g' "$root/var/lib/gammalog")" = "750 $gid" ] || fail "state folder: $(stat -c '%a %U %G' "$root/var/lib/gammalog")"
[ "$(stat -c '%a %u %g' "$root/etc/gammalog/gammalog.yaml")" = "640 0 $gid" ] \
  || fail "configuration file: $(stat -c '%a %u %g' "$root/etc/gammalog/gammalog.yaml")"
key="$root/etc/gammalog/chain.key"
[ "$(stat -c '%a %u %g' "$key")" = "640 0 $gid" ] || fail "chain key: $(stat -c '%a %u %g' "$key")"
grep -Eqx '[0-9a-f]{64}' "$key" || fail "the chain key is not 64 hex digits"
before="$(cat "$key")"
"${dpkg[@]}" --install "$deb"
[ "$(cat "$key")" = "$before" ] || fail "reinstalling made a new chain key"
"$root/usr/bin/gammalogd" --version
(cd / && GAMMALOG_DEVICES="$root/usr/share/gammalog/Devices" \
  "$root/usr/bin/gammalogd" --check-config "$root/etc/gammalog/gammalog.yaml")
[ ! -e "$root/var/lib/gammalog/gammalog.sqlite" ] || fail "the check opened the store"

echo "== systemd-analyze"
# The scratch root stands for a Debian system; its systemd package (a dependency) brings the targets the
# unit is ordered against, so they are copied in from this machine's, never over the package's own files.
cp -a -n /lib/systemd/system/. "$root/lib/systemd/system/"
systemd-analyze verify --root="$root" /lib/systemd/system/gammalogd.service
exposure="$(systemd-analyze security --offline=true --root="$root" gammalogd.service 2>/dev/null \
  | sed -n 's/.*Overall exposure level for gammalogd.service: \([0-9.]*\).*/\1/p')"
echo "exposure: $exposure"
awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 2.0) }' || fail "exposure $exposure is above 2.0"

echo "== remove, purge"
"${dpkg[@]}" --remove gammalog
[ -e "$root/etc/gammalog/gammalog.yaml" ] || fail "remove took the configuration"
[ ! -e "$root/usr/bin/gammalogd" ] || fail "remove left the daemon"
"${dpkg[@]}" --purge gammalog
[ ! -e "$root/etc/gammalog/gammalog.yaml" ] || fail "purge left the configuration"
[ -d "$root/var/lib/gammalog" ] || fail "purge took the delivery record"
[ -e "$key" ] || fail "purge took the chain key the delivery record verifies with"
echo "check-package: $deb ok"
