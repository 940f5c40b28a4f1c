package org.stackbox.virt.qemu;

import org.stackbox.virt.DiskDevice;
import org.stackbox.virt.DomainSpec;
import org.stackbox.virt.NetworkInterface;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A running guest's boot order changed in place: each device whose boot index changed gets its {@code bootindex}
 * property set over QMP, and QEMU hands the new order to the firmware at the guest's next reset. Indexes are first
 * cleared, then set, because QEMU refuses an index that another device still holds.
 */
final class QemuBootOrder {
    private static final String PERIPHERAL = "/machine/peripheral/";

    private QemuBootOrder() {}

    static void apply(QmpClient qmp, DomainSpec before, DomainSpec after) {
        Map<String, Integer> changed = new LinkedHashMap<>();
        for (DiskDevice disk : after.disks()) {
            Integer previous = before.disk(disk.target()).map(DiskDevice::bootIndex).orElse(null);
            if (!Objects.equals(previous, disk.bootIndex())) {
                changed.put(disk.target(), disk.bootIndex());
            }
        }
        for (int index = 0; index < after.networkInterfaces().size(); index++) {
            NetworkInterface card = after.networkInterfaces().get(index);
            Integer previous = index < before.networkInterfaces().size()
                    ? before.networkInterfaces().get(index).bootIndex() : null;
            if (!Objects.equals(previous, card.bootIndex())) {
                changed.put("net" + index, card.bootIndex());
            }
        }
        for (String id : changed.keySet()) {
            qmp.execute(QmpCommand.qomSet(PERIPHERAL + id, "bootindex", -1));
        }
        changed.forEach((id, bootIndex) -> {
            if (bootIndex != null) {
                qmp.execute(QmpCommand.qomSet(PERIPHERAL + id, "bootindex", bootIndex));
            }
        });
    }
}
