#!/bin/sh
# The installed system's /init: says INSTALLED-SYSTEM-BOOTED on both consoles, then waits for the ACPI power button
# and powers off, as a real system does when its server is stopped.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for module in $(cat /lib/modules/load-order); do
    insmod "/lib/modules/$module" 2>/dev/null
done

echo "INSTALLED-SYSTEM-BOOTED" > /dev/ttyS0
echo "INSTALLED-SYSTEM-BOOTED" > /dev/tty0

button=""
for name in /sys/class/input/event*/device/name; do
    if [ "$(cat "$name" 2>/dev/null)" = "Power Button" ]; then
        button=/dev/input/$(basename "$(dirname "$(dirname "$name")")")
    fi
done
if [ -n "$button" ]; then
    dd if="$button" of=/dev/null bs=24 count=1 2>/dev/null
    echo "STACKBOX-SYSTEM: power button pressed, powering off" > /dev/ttyS0
    poweroff -f
fi
while true; do sleep 3600; done
