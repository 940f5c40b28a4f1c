#!/bin/sh
# Builds the installer ISO from Debian packages and this host's own files:
#   build.sh OUTPUT.iso PACKAGES
# where PACKAGES holds linux-image-*-cloud-amd64, busybox-static and extlinux unpacked (dpkg-deb -x) into one tree.
# The ISO boots with isolinux (El Torito, hybrid MBR) into Debian's cloud kernel and a busybox initramfs whose /init
# (install-init.sh) installs onto the first virtio disk the system under system/: the same kernel and a second
# initramfs (system-init.sh). Beside OUTPUT.iso it writes OUTPUT.netboot/, the same installer for a network boot:
# vmlinuz, install.img, and system.img (a second initrd that brings system/ along, as the ISO would).
# Needs xorriso, isolinux, syslinux-common and e2fsprogs; no root.
set -eu
output=$1 packages=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

busybox=$packages/bin/busybox
version=$(ls "$packages/lib/modules")
modules=$packages/lib/modules/$version

# Every module file once, to find a module by name (names use _ and - interchangeably).
(cd "$modules" && find kernel -name '*.ko') > "$work/module-files"
module_file() {
    grep -m 1 -E "/($1|$(echo "$1" | tr _ -)|$(echo "$1" | tr - _))\.ko\$" "$work/module-files" || true
}

# Adds the modules and what they depend on, dependencies first, to the tree's load order; built-in ones have no file.
add_modules() {
    local tree=$1 name relative depends
    shift
    for name in "$@"; do
        relative=$(module_file "$name")
        [ -n "$relative" ] || continue
        grep -qx "$relative" "$tree/lib/modules/load-order" && continue
        depends=$("$busybox" strings "$modules/$relative" | sed -n 's/^depends=//p' | tr , ' ')
        [ -z "$depends" ] || add_modules "$tree" $depends
        mkdir -p "$tree/lib/modules/$(dirname "$relative")"
        cp "$modules/$relative" "$tree/lib/modules/$relative"
        echo "$relative" >> "$tree/lib/modules/load-order"
    done
}

# A program of this host and the shared libraries it loads.
add_program() {
    local tree=$1 program=$2 library
    mkdir -p "$tree/usr/bin"
    cp "$program" "$tree/usr/bin/"
    for library in $(ldd "$program" | grep -o '/[^ ]*'); do
        mkdir -p "$tree$(dirname "$library")"
        cp -L "$library" "$tree$library"
    done
}

new_root() {
    local tree=$1 init=$2
    mkdir -p "$tree/bin" "$tree/dev" "$tree/proc" "$tree/sys" "$tree/tmp" "$tree/lib/modules" "$tree/usr/lib"
    ln -s bin "$tree/sbin"
    cp "$busybox" "$tree/bin/busybox"
    ln -s busybox "$tree/bin/sh"
    cp "$init" "$tree/init"
    chmod 755 "$tree/init"
    : > "$tree/lib/modules/load-order"
}

pack() {
    (cd "$1" && find . | LC_ALL=C sort | "$busybox" cpio -o -H newc --quiet) > "$2"
}

system=$work/system
new_root "$system" "$here/system-init.sh"
add_modules "$system" button evdev
installer=$work/installer
new_root "$installer" "$here/install-init.sh"
add_modules "$installer" virtio_pci virtio_blk virtio_scsi ata_piix sr_mod isofs crc32c_generic button evdev
add_program "$installer" "$(command -v mke2fs || echo /sbin/mke2fs)"
add_program "$installer" "$packages/usr/bin/extlinux"
mkdir -p "$installer/etc"
cp /etc/mke2fs.conf "$installer/etc/"
cp /usr/lib/syslinux/mbr/mbr.bin "$installer/usr/lib/mbr.bin"

iso=$work/iso
mkdir -p "$iso/isolinux" "$iso/boot" "$iso/system"
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$iso/isolinux/"
cat > "$iso/isolinux/isolinux.cfg" <<CONF
SERIAL 0 115200
DEFAULT install
PROMPT 0
TIMEOUT 0
LABEL install
  KERNEL /boot/vmlinuz
  INITRD /boot/install.img
  APPEND console=tty0 console=ttyS0,115200 panic=-1 quiet
CONF
cp "$packages/boot/vmlinuz-$version" "$iso/boot/vmlinuz"
cp "$packages/boot/vmlinuz-$version" "$iso/system/vmlinuz"
pack "$installer" "$iso/boot/install.img"
pack "$system" "$iso/system/initrd.img"

xorriso -as mkisofs -quiet -V STACKBOX_INSTALLER -R -J \
    -b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table \
    -isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin -o "$output.partial" "$iso" 2>/dev/null
netboot=${output%.iso}.netboot
rm -rf "$netboot" "$netboot.partial"
mkdir -p "$netboot.partial/tree"
cp "$iso/boot/vmlinuz" "$iso/boot/install.img" "$netboot.partial/"
cp -r "$iso/system" "$netboot.partial/tree/"
pack "$netboot.partial/tree" "$netboot.partial/system.img"
rm -rf "$netboot.partial/tree"
mv "$netboot.partial" "$netboot"
mv "$output.partial" "$output"
