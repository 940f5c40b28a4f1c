package org.stackbox.volume;

import org.stackbox.common.Ids;
import org.stackbox.common.ServiceException;
import org.stackbox.common.auth.Caller;
import org.stackbox.volume.model.Snapshot;
import org.stackbox.volume.model.SnapshotStatus;
import org.stackbox.volume.model.Transfer;
import org.stackbox.volume.model.Volume;
import org.stackbox.volume.model.VolumeStatus;
import org.stackbox.volume.store.SnapshotRepository;
import org.stackbox.volume.store.TransferRepository;
import org.stackbox.volume.store.VolumeRepository;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Cinder's volume transfers: a project offers an available volume (it is then awaiting-transfer), and another
 * project that shows the offer's auth key takes the volume, with its snapshots unless the offer says no_snapshots,
 * within its own quotas. The key is random hex (Cinder's 16 characters), shown once; only a random salt and the
 * key's HMAC-SHA1 under it are kept, as Cinder keeps them.
 */
public final class VolumeTransfers {
    private static final int SALT_LENGTH = 8;
    private static final int KEY_LENGTH = 16;

    private final TransferRepository transfers;
    private final VolumeService volumes;
    private final VolumeRepository volumeRows;
    private final SnapshotRepository snapshots;
    private final VolumeQuotas quotas;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** An offer just made, with the key that accepts it: the only time the key is known. */
    public record Offer(Transfer transfer, String authKey) {
        public Offer {
            requireNonNull(transfer, "transfer is null");
            requireNonNull(authKey, "authKey is null");
        }
    }

    public VolumeTransfers(TransferRepository transfers, VolumeService volumes, VolumeRepository volumeRows,
                           SnapshotRepository snapshots, VolumeQuotas quotas, Clock clock) {
        this.transfers = requireNonNull(transfers, "transfers is null");
        this.volumes = requireNonNull(volumes, "volumes is null");
        this.volumeRows = requireNonNull(volumeRows, "volumeRows is null");
        this.snapshots = requireNonNull(snapshots, "snapshots is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public Offer create(Caller caller, String volumeId, String name, boolean noSnapshots) {
        Volume volume = volumes.get(caller, volumeId);
        if (volume.status() != VolumeStatus.AVAILABLE) {
            throw ServiceException.invalid("Invalid volume: status must be available");
        }
        if (!noSnapshots) {
            for (Snapshot snapshot : snapshots.listForVolume(volumeId)) {
                if (snapshot.status() != SnapshotStatus.AVAILABLE) {
                    throw ServiceException.invalid("Invalid snapshot: snapshot: %s status must be available",
                            snapshot.id());
                }
            }
        }
        String salt = randomHex(SALT_LENGTH);
        String authKey = randomHex(KEY_LENGTH);
        Transfer transfer = new Transfer(Ids.uuid(), volumeId, name, salt, cryptHash(salt, authKey), noSnapshots,
                volume.projectId(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
        if (!transfers.offer(transfer)) {
            // another request changed the volume since it was read
            throw ServiceException.invalid("Invalid volume: status must be available");
        }
        return new Offer(transfer, authKey);
    }

    /** The offer, if the caller's project owns its volume (or the caller is an administrator); 404 otherwise. */
    public Transfer get(Caller caller, String id) {
        return transfers.find(id, visibleProject(caller))
                .orElseThrow(() -> ServiceException.notFound("Transfer %s could not be found.", id));
    }

    /** The caller's project's offers, oldest first; every project's for an administrator who asks for all. */
    public List<Transfer> list(Caller caller, boolean allProjects) {
        return transfers.list(allProjects && caller.isAdmin() ? Optional.empty() : Optional.of(requireProject(caller)));
    }

    /** Withdraws the offer: its volume is available to its project again. */
    public void delete(Caller caller, String id) {
        Transfer transfer = get(caller, id);
        if (!transfers.withdraw(transfer.id(), transfer.volumeId(), clock.instant())) {
            throw ServiceException.notFound("Transfer %s could not be found.", id);
        }
    }

    /**
     * Takes the offered volume into the caller's project. Any project may accept an offer it knows the id and key
     * of; a wrong key is 400, and an acceptance over the caller's quotas is 413, with nothing changed.
     */
    public Transfer accept(Caller caller, String id, String authKey) {
        String projectId = requireProject(caller);
        Transfer transfer = transfers.find(id, Optional.empty())
                .orElseThrow(() -> ServiceException.notFound("Transfer %s could not be found.", id));
        byte[] expected = transfer.cryptHash().getBytes(StandardCharsets.US_ASCII);
        byte[] given = cryptHash(transfer.salt(), authKey).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw ServiceException.invalid("Invalid auth key: Attempt to transfer %s with invalid auth key.", id);
        }
        Volume volume = volumeRows.findById(transfer.volumeId())
                .orElseThrow(() -> ServiceException.notFound("Volume %s could not be found.", transfer.volumeId()));
        List<Snapshot> moving = transfer.noSnapshots() ? List.of() : snapshots.listForVolume(volume.id());
        quotas.checkTransferIn(projectId, volume.sizeGib(), moving.size(),
                moving.stream().mapToLong(Snapshot::sizeGib).sum());
        return switch (transfers.accept(transfer, caller.userId(), projectId, clock.instant())) {
            case ACCEPTED -> transfer;
            case VOLUME_NOT_AWAITING -> throw ServiceException.invalid(
                    "Invalid volume: Transfer %s: Volume id %s expected in awaiting-transfer state.", id, volume.id());
            case SNAPSHOT_NOT_AVAILABLE -> throw ServiceException.invalid(
                    "Invalid snapshot: Transfer %s: a snapshot of volume %s is not in the expected available state.",
                    id, volume.id());
        };
    }

    private String randomHex(int length) {
        byte[] bytes = new byte[(length + 1) / 2];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes).substring(0, length);
    }

    /** Cinder's {@code _get_crypt_hash}: the hex HMAC-SHA1 of the key with the salt as the HMAC's key. */
    static String cryptHash(String salt, String authKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(mac.doFinal(authKey.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
        }
    }

    private static Optional<String> visibleProject(Caller caller) {
        return caller.isAdmin() ? Optional.empty() : Optional.of(requireProject(caller));
    }

    private static String requireProject(Caller caller) {
        if (caller.projectId() == null) {
            throw ServiceException.forbidden("Volumes belong to projects: use a project-scoped token.");
        }
        return caller.projectId();
    }
}
