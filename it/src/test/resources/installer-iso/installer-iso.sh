#!/bin/sh
# Prints the path of the installer ISO, building it first when the cache has none for the current inputs:
#   installer-iso.sh [CACHE-DIRECTORY]      (default ~/.cache/stackbox-test)
# The Debian packages are fetched once with `apt-get download` (no root needed) into CACHE/debs and unpacked once;
# delete CACHE/debs to pick up newer versions. The ISO's name carries a hash of the package files' names (their
# versions), these scripts and the host files the build copies: a change to any of them builds a new ISO, and an
# unchanged set costs nothing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cache=${1:-$HOME/.cache/stackbox-test}
mkdir -p "$cache/debs"

# The .deb of a package in the cache, downloaded first if there is none.
cached_deb() {
    local package=$1 file
    file=$(cd "$cache/debs" && ls "$2"_*.deb 2>/dev/null | head -n 1)
    if [ -z "$file" ]; then
        if ! (cd "$cache/debs" && apt-get download -q "$package" >/dev/null 2>&1); then
            echo "cannot download $package: run 'apt-get update' (scripts/setup --test does) and check the network" >&2
            exit 1
        fi
        file=$(cd "$cache/debs" && ls "$2"_*.deb | head -n 1)
    fi
    echo "$file"
}

kernel_deb=$(cd "$cache/debs" && ls linux-image-[0-9]*-cloud-amd64_*.deb 2>/dev/null | head -n 1)
if [ -z "$kernel_deb" ]; then
    kernel=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null \
        | sed -n 's/^ *Depends: \(linux-image-[0-9].*-cloud-amd64\)$/\1/p' | head -n 1)
    if [ -z "$kernel" ]; then
        echo "apt knows no linux-image-cloud-amd64: run 'apt-get update' (scripts/setup --test does)" >&2
        exit 1
    fi
    kernel_deb=$(cached_deb "$kernel" "$kernel")
fi
debs="$kernel_deb $(cached_deb busybox-static busybox-static) $(cached_deb extlinux extlinux)"

mke2fs=$(command -v mke2fs || echo /sbin/mke2fs)
key=$( (echo "$debs"; cat "$here/build.sh" "$here/install-init.sh" "$here/system-init.sh" \
        /usr/lib/ISOLINUX/isolinux.bin /usr/lib/ISOLINUX/isohdpfx.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 \
        /usr/lib/syslinux/mbr/mbr.bin /etc/mke2fs.conf "$mke2fs") | sha256sum | cut -c 1-16)
iso=$cache/installer-$key.iso
if [ ! -f "$iso" ] || [ ! -d "${iso%.iso}.netboot" ]; then
    packages=$cache/packages-$(echo "$debs" | sha256sum | cut -c 1-16)
    if [ ! -d "$packages" ]; then
        rm -rf "$packages.partial"
        for file in $debs; do
            dpkg-deb -x "$cache/debs/$file" "$packages.partial"
        done
        mv "$packages.partial" "$packages"
    fi
    sh "$here/build.sh" "$iso" "$packages"
fi
echo "$iso"
