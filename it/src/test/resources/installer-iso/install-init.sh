#!/bin/sh
# The installer's /init: finds the installer CD-ROM and the first virtio disk, partitions the disk (one bootable
# MBR partition), makes ext4 on it, copies the installed system (a kernel and an initramfs) from the CD-ROM (or, when
# it was booted from the network, from the initramfs's own /system, which its second initrd brought), installs
# extlinux and the MBR boot code, says INSTALL-DONE and powers off. Progress goes to the serial console and to the
# VGA screen, which the installer clears first so that its lines start at the top. As real installers do, it waits
# for Enter on the screen's keyboard before it powers off, but only a few seconds: someone watching the screen sees
# the whole install there and ends it, and an unwatched install ends by itself.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

say() {
    echo "$*" > /dev/ttyS0
    echo "$*" > /dev/tty0
}

fail() {
    say "INSTALL-FAILED: $*"
    sleep 1
    poweroff -f
}

printf '\033[2J\033[H' > /dev/tty0
say "STACKBOX-INSTALLER: loading drivers"
# The command line goes to the serial console only: the screen shows the installer's steps.
echo "STACKBOX-INSTALLER: kernel command line: $(cat /proc/cmdline)" > /dev/ttyS0
for module in $(cat /lib/modules/load-order); do
    insmod "/lib/modules/$module" 2>/dev/null
done

# Devices appear as their drivers probe them.
waited=0
while [ ! -b /dev/vda ] || { [ ! -f /system/initrd.img ] && ! ls /dev/sr* >/dev/null 2>&1; }; do
    [ "$waited" -ge 100 ] && fail "no /dev/vda or CD-ROM drive"
    sleep 0.1
    waited=$((waited + 1))
done

mkdir -p /cdrom /target
if [ -f /system/initrd.img ]; then
    media=/
else
    media=/cdrom
    for drive in /dev/sr*; do
        if mount -t iso9660 -o ro "$drive" /cdrom 2>/dev/null; then
            [ -f /cdrom/system/initrd.img ] && break
            umount /cdrom
        fi
    done
    [ -f /cdrom/system/initrd.img ] || fail "the installer CD-ROM is not readable"
fi

say "STACKBOX-INSTALLER: partitioning /dev/vda"
printf 'o\nn\np\n1\n2048\n\na\n1\nw\n' | fdisk /dev/vda >/dev/null 2>&1
waited=0
while [ ! -b /dev/vda1 ]; do
    [ "$waited" -ge 50 ] && fail "no /dev/vda1 after partitioning"
    sleep 0.1
    waited=$((waited + 1))
done

say "STACKBOX-INSTALLER: making ext4 on /dev/vda1"
/usr/bin/mke2fs -q -F -t ext4 -L installed-root /dev/vda1 || fail "mke2fs"
mount -t ext4 /dev/vda1 /target || fail "cannot mount /dev/vda1"

say "STACKBOX-INSTALLER: copying the system"
mkdir -p /target/boot /target/etc
cp "$media/system/vmlinuz" "$media/system/initrd.img" /target/boot/ || fail "copy"
date > /target/etc/installed-at
cat > /target/boot/extlinux.conf <<CONF
SERIAL 0 115200
DEFAULT system
PROMPT 0
TIMEOUT 0
LABEL system
  KERNEL /boot/vmlinuz
  INITRD /boot/initrd.img
  APPEND console=tty0 console=ttyS0,115200 panic=-1 quiet
CONF

say "STACKBOX-INSTALLER: installing the boot loader"
/usr/bin/extlinux --install /target/boot >/dev/null 2>&1 || fail "extlinux"
dd if=/usr/lib/mbr.bin of=/dev/vda bs=440 count=1 conv=notrunc 2>/dev/null || fail "mbr"
umount /target
[ "$media" = /cdrom ] && umount /cdrom
sync

say "INSTALL-DONE"
say "STACKBOX-INSTALLER: press Enter to power off (or wait 3 seconds)"
if read -t 3 answer < /dev/tty1; then
    say "STACKBOX-INSTALLER: Enter pressed, powering off"
fi
poweroff -f
