package org.stackbox.virt.qemu;

import java.nio.file.Path;

import org.stackbox.virt.NetworkInterface;

import java.time.Duration;

/**
 * The QMP sequences that change a running guest's network cards: plug ({@code netdev_add} then {@code device_add})
 * and unplug ({@code device_del}, {@code DEVICE_DELETED}, {@code netdev_del}). Each completes or leaves the guest as
 * it was.
 */
final class QemuNetworkOperations {
    private QemuNetworkOperations() {}

    static void plug(QmpClient qmp, NetworkInterface card, Path metadataSocket) {
        qmp.execute(QmpCommand.netdevAdd(QemuNetworkCards.netdev(card, metadataSocket)));
        try {
            qmp.execute(QmpCommand.deviceAdd(QemuNetworkCards.device(card).toJson()));
        } catch (QmpException e) {
            deleteNetdev(qmp, card);
            throw e;
        }
    }

    /** Asks the guest to release the card; false if it did not within {@code timeout}. */
    static boolean unplug(QmpClient qmp, NetworkInterface card, Duration timeout) {
        String id = QemuNetworkCards.deviceId(card);
        boolean stillThere = true;
        try {
            qmp.execute(QmpCommand.deviceDel(id));
        } catch (QmpException e) {
            if (!"DeviceNotFound".equals(e.errorClass())) {
                throw e;
            }
            // Released after an earlier attempt timed out: only the backend is left to delete.
            stillThere = false;
        }
        if (stillThere && qmp.awaitEvent(event -> event.name().equals("DEVICE_DELETED")
                && id.equals(event.data().path("device").asText()), timeout).isEmpty()) {
            return false;
        }
        deleteNetdev(qmp, card);
        return true;
    }

    private static void deleteNetdev(QmpClient qmp, NetworkInterface card) {
        try {
            qmp.execute(QmpCommand.netdevDel(QemuNetworkCards.netdevId(card)));
        } catch (QmpException e) {
            if (!"DeviceNotFound".equals(e.errorClass())) {
                throw e;
            }
        }
    }
}
