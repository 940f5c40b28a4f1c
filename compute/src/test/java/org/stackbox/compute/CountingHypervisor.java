package org.stackbox.compute;

import org.stackbox.virt.HypervisorDescription;

import org.stackbox.virt.BlockDeviceEntry;
import org.stackbox.virt.ConsoleEndpoints;
import org.stackbox.virt.DiskDevice;
import org.stackbox.virt.DiskFile;
import org.stackbox.virt.DiskFiles;
import org.stackbox.virt.DiskSource;
import org.stackbox.virt.DomainSpec;
import org.stackbox.virt.DomainState;
import org.stackbox.virt.DomainStatus;
import org.stackbox.virt.Hypervisor;
import org.stackbox.virt.NetworkInterface;
import org.stackbox.virt.PowerOffOutcome;
import org.stackbox.virt.RebootType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/** The real hypervisor, with a count of the calls that change a domain: how often each action really ran. */
final class CountingHypervisor implements Hypervisor {
    private final Hypervisor hypervisor;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    CountingHypervisor(Hypervisor hypervisor) {
        this.hypervisor = requireNonNull(hypervisor, "hypervisor is null");
    }

    /** How many times {@code method} was called. */
    long calls(String method) {
        AtomicInteger count = calls.get(method);
        return count == null ? 0 : count.get();
    }

    private void count(String method) {
        calls.computeIfAbsent(method, name -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void spawn(DomainSpec spec, DiskFiles disks) {
        count("spawn");
        hypervisor.spawn(spec, disks);
    }

    @Override
    public void destroy(String serverId) {
        count("destroy");
        hypervisor.destroy(serverId);
    }

    @Override
    public void resize(String serverId, int vcpus, int memoryMib) {
        count("resize");
        hypervisor.resize(serverId, vcpus, memoryMib);
    }

    @Override
    public void pause(String serverId) {
        count("pause");
        hypervisor.pause(serverId);
    }

    @Override
    public void unpause(String serverId) {
        count("unpause");
        hypervisor.unpause(serverId);
    }

    @Override
    public void save(String serverId) {
        count("save");
        hypervisor.save(serverId);
    }

    @Override
    public void restore(String serverId) {
        count("restore");
        hypervisor.restore(serverId);
    }

    @Override
    public HypervisorDescription description() {
        return hypervisor.description();
    }

    @Override
    public void powerOn(String serverId) {
        count("powerOn");
        hypervisor.powerOn(serverId);
    }

    @Override
    public PowerOffOutcome powerOff(String serverId, Duration gracefulTimeout) {
        count("powerOff");
        return hypervisor.powerOff(serverId, gracefulTimeout);
    }

    @Override
    public void reboot(String serverId, RebootType type, Duration gracefulTimeout) {
        count("reboot");
        hypervisor.reboot(serverId, type, gracefulTimeout);
    }

    @Override
    public void attachDisk(String serverId, DiskDevice device, DiskFile file) {
        count("attachDisk");
        hypervisor.attachDisk(serverId, device, file);
    }

    @Override
    public BackupOutcome backupDisk(String serverId, String target, java.nio.file.Path destination, Duration timeout) {
        count("backupDisk");
        return hypervisor.backupDisk(serverId, target, destination, timeout);
    }

    @Override
    public void detachDisk(String serverId, String target, Duration timeout) {
        count("detachDisk");
        hypervisor.detachDisk(serverId, target, timeout);
    }

    @Override
    public void attachInterface(String serverId, NetworkInterface card) {
        count("attachInterface");
        hypervisor.attachInterface(serverId, card);
    }

    @Override
    public void detachInterface(String serverId, String macAddress, Duration timeout) {
        count("detachInterface");
        hypervisor.detachInterface(serverId, macAddress, timeout);
    }

    @Override
    public void changeMedium(String serverId, String target, DiskSource source, DiskFile file) {
        count("changeMedium");
        hypervisor.changeMedium(serverId, target, source, file);
    }

    @Override
    public void ejectMedium(String serverId, String target, boolean force) {
        count("ejectMedium");
        hypervisor.ejectMedium(serverId, target, force);
    }

    @Override
    public void setBootOrder(String serverId, List<String> targets) {
        count("setBootOrder");
        hypervisor.setBootOrder(serverId, targets);
    }

    @Override
    public void setNetworkBoot(String serverId, org.stackbox.virt.NetworkBoot networkBoot,
                               List<NetworkInterface> cards) {
        count("setNetworkBoot");
        hypervisor.setNetworkBoot(serverId, networkBoot, cards);
    }

    @Override
    public void setUserPassword(String serverId, String user, String password) {
        count("setUserPassword");
        hypervisor.setUserPassword(serverId, user, password);
    }

    @Override
    public DomainState state(String serverId) {
        return hypervisor.state(serverId);
    }

    @Override
    public DomainSpec definition(String serverId) {
        return hypervisor.definition(serverId);
    }

    @Override
    public List<BlockDeviceEntry> blockDevices(String serverId) {
        return hypervisor.blockDevices(serverId);
    }

    @Override
    public ConsoleEndpoints consoles(String serverId) {
        return hypervisor.consoles(serverId);
    }

    @Override
    public List<DomainStatus> reconcile() {
        return hypervisor.reconcile();
    }

    @Override
    public Path metadataSocket(String serverId) {
        return hypervisor.metadataSocket(serverId);
    }
}
