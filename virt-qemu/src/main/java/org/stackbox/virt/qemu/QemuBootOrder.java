package org.stackbox.virt.qemu;

import org.stackbox.virt.DiskDevice;
import org.stackbox.virt.DomainSpec;
import org.stackbox.virt.NetworkInterface;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A running guest's boot order set in place: every disk and network card gets its {@code bootindex} property set
 * over QMP, and QEMU hands the new order to the firmware at the guest's next reset. All indexes are cleared first,
 * then set, because QEMU refuses an index that another device still holds, and the running devices may hold indexes
 * the definition no longer has (an ejected drive's, say).
 */
final class QemuBootOrder {
    private static final String PERIPHERAL = "/machine/peripheral/";

    private QemuBootOrder() {}

    static void apply(QmpClient qmp, DomainSpec spec) {
        Map<String, Integer> bootIndexes = new LinkedHashMap<>();
        for (DiskDevice disk : spec.disks()) {
            bootIndexes.put(disk.target(), disk.bootIndex());
        }
        for (NetworkInterface card : spec.networkInterfaces()) {
            bootIndexes.put(QemuNetworkCards.deviceId(card), card.bootIndex());
        }
        for (String id : bootIndexes.keySet()) {
            clear(qmp, id);
        }
        bootIndexes.forEach((id, bootIndex) -> {
            if (bootIndex != null) {
                qmp.execute(QmpCommand.qomSet(PERIPHERAL + id, "bootindex", bootIndex));
            }
        });
    }

    /** Takes the device out of the running guest's boot order. */
    static void clear(QmpClient qmp, String id) {
        qmp.execute(QmpCommand.qomSet(PERIPHERAL + id, "bootindex", -1));
    }
}
