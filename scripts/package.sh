#!/usr/bin/env bash
# Builds gammalog_<version>_amd64.deb from the release build (README's release command, with the commit
# compiled in). The version is the daemon's own (gammalogd --version); the package goes to $1 (default
# .build/package). scripts/check-package.sh checks and installs it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
out="${1:-.build/package}"

commit="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
if [ "$commit" != unknown ] && ! git diff --quiet HEAD 2>/dev/null; then commit="$commit+changes"; fi
build=(swift build -c release --static-swift-stdlib -Xcc "-DGAMMALOG_COMMIT=\"$commit\"")
"${build[@]}"
bin="$("${build[@]}" --show-bin-path)"
version="$("$bin/gammalogd" --version | head -n 1 | cut -d ' ' -f 1)"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
for tool in gammalogd gammalog gammalog-sim; do
  install -D -m 0755 "$bin/$tool" "$stage/usr/bin/$tool"
  strip --strip-unneeded --remove-section=.comment --remove-section=.note "$stage/usr/bin/$tool"
done
install -D -m 0644 systemd/gammalogd.service "$stage/lib/systemd/system/gammalogd.service"
install -D -m 0644 systemd/gammalog.sysusers.conf "$stage/usr/lib/sysusers.d/gammalog.conf"
install -D -m 0644 systemd/gammalog.tmpfiles.conf "$stage/usr/lib/tmpfiles.d/gammalog.conf"
install -D -m 0644 systemd/gammalog.yaml "$stage/etc/gammalog/gammalog.yaml"
find Devices -type f -name '*.yaml' | while read -r file; do
  install -D -m 0644 "$file" "$stage/usr/share/gammalog/$file"
done
doc="$stage/usr/share/doc/gammalog"
install -D -m 0644 systemd/debian/copyright "$doc/copyright"
install -D -m 0644 README.md "$doc/README.md"
{
  echo "gammalog ($version) stable; urgency=medium"
  echo
  echo "  * Release $version, commit $commit."
  echo
  echo " -- GammaLog engineering <engineering@gammalog.invalid>  $(date -R -d "@$(git log -1 --format=%ct 2>/dev/null || date +%s)")"
} | gzip -9n > "$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"
install -D -m 0644 systemd/debian/lintian-overrides "$stage/usr/share/lintian/overrides/gammalog"

# Depends from the libraries the executables link, as Debian's own packaging computes them.
shlibs="$(mktemp -d)"
mkdir -p "$shlibs/debian"
printf 'Source: gammalog\n\nPackage: gammalog\nArchitecture: amd64\n' > "$shlibs/debian/control"
depends="$(cd "$shlibs" && dpkg-shlibdeps -O "$stage/usr/bin/gammalogd" "$stage/usr/bin/gammalog" \
  "$stage/usr/bin/gammalog-sim" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')"
rm -rf "$shlibs"

mkdir -p "$stage/DEBIAN"
size="$(du -k -s --exclude=DEBIAN "$stage" | cut -f 1)"
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size/" -e "s/@DEPENDS@/$depends/" systemd/debian/control.in \
  > "$stage/DEBIAN/control"
echo /etc/gammalog/gammalog.yaml > "$stage/DEBIAN/conffiles"
for script in postinst prerm postrm; do install -m 0755 "systemd/debian/$script" "$stage/DEBIAN/$script"; done
(cd "$stage" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -print0 | sort -z \
  | xargs -0 md5sum | sed 's| \./| |') > "$stage/DEBIAN/md5sums"
chmod 0644 "$stage/DEBIAN/control" "$stage/DEBIAN/conffiles" "$stage/DEBIAN/md5sums"

mkdir -p "$out"
deb="$out/gammalog_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "$deb"
