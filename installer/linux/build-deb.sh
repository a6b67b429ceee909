#!/usr/bin/env bash
# Turn the PyInstaller bundle (build/dist/paclient) into build/paclient_VERSION_amd64.deb:
# the bundle under /opt/paclient, `paclient` on the PATH, a desktop entry and an icon.
# Run from the repository root by `make package`. Nothing is fetched.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bundle=build/dist/paclient
version="$("$bundle/paclient" --version | awk '{print $2}')"
root="$(mktemp -d build/deb-root.XXXXXX)"
trap 'rm -rf "$root"' EXIT

install -d -m 0755 "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
    "$root/usr/share/icons/hicolor/256x256/apps" "$root/DEBIAN"
cp -a "$bundle" "$root/opt/paclient"
chmod -R u=rwX,go=rX "$root/opt/paclient"
ln -s /opt/paclient/paclient "$root/usr/bin/paclient"
install -m 0644 "$here/paclient.desktop" "$root/usr/share/applications/paclient.desktop"
install -m 0644 "$here/paclient.png" "$root/usr/share/icons/hicolor/256x256/apps/paclient.png"

size_kb="$(du -sk "$root" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size_kb/" "$here/control.in" > "$root/DEBIAN/control"
install -m 0755 "$here/postinst" "$here/postrm" "$root/DEBIAN/"

deb="build/paclient_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
