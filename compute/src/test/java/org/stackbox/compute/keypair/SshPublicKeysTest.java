package org.stackbox.compute.keypair;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Fingerprints agree with {@code ssh-keygen -l -E md5}; what cryptography would not load is refused. */
@Timeout(10)
class SshPublicKeysTest {
    static final String RSA = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQC4q8/3z2f2J7W2jCpaVa3t5WAe8v6ewxJUbXhidS/f1mDjPDs0"
            + "Gj6tCDpvcT9wYcOSSMBF1PF2pKHmHBZnBi6loAb34jMoeCMChIL7YgL6n+U6jw3mt3m3YFS27j1HsenQs+gxEYlGdvNZsvwIP1rITro+v4P"
            + "Gd4NH20b0uvGmcpXS1k0/0N+p4CE+SPB3uRyY1YhIQnT+0LcN+vk1xjp8C4QO6pUUUEwwzkO8gmGrEf3Dty6gRsmslv+gYOZ083+MqMh1/+"
            + "NAOpFgtVPNMclQbupJSOZpGKarUmItzuTH7LXJCzViFCC1GuXzUi+RFivVs83wdKLviSxCnwOShqr/k1y7LEdJRFQZFhKJsdL+T0QVCkuu1"
            + "jl/PFO0vaGGQbW3ZuB+OrwTje6WfJNvQHxGwPmQvIoTwLu5yGULQKNkYh3qXreMiLuC7Z1BYyH7aTKGFq3xla6bhpvUH5ZuvhlfrWDQ/KBx"
            + "vMCzCGGc7qd0C2fuWwCACp/BLAhut1UH8K8= test@rsa";
    static final String ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMKNB69/VaeUe6SJnnDHiBZsNwTfjI2cHmvpup+E0Nst "
            + "test@ed25519";
    static final String ECDSA = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBJRvAnnIkOkJ"
            + "r/BPPUBiBiZr7g8ZLk4r9uWul6kkRNSRpwUVIaPLRuQ8dbwar5UNj02cZYO4oLQ3REStLhm+Yo4= test@ecdsa";

    @Test
    void fingerprintsAreTheMd5OfTheBlobInColonHex() {
        assertThat(SshPublicKeys.fingerprint(RSA)).contains("90:0d:18:c2:24:e9:92:07:18:36:f1:25:09:3c:ad:d7");
        assertThat(SshPublicKeys.fingerprint(ED25519)).contains("ce:ae:de:a6:c2:5d:fa:c5:83:98:7d:59:97:10:56:9b");
        assertThat(SshPublicKeys.fingerprint(ECDSA)).contains("c6:57:a8:fb:e0:d9:c9:9e:53:c8:91:a5:50:c5:d0:b4");
    }

    @Test
    void aTrailingNewlineOrNoCommentIsFine() {
        assertThat(SshPublicKeys.fingerprint(ED25519 + "\n")).isPresent();
        assertThat(SshPublicKeys.fingerprint(ED25519.substring(0, ED25519.lastIndexOf(' ')))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "ssh-rsa",
            "not a key",
            "ssh-rsa AAAA",
            "ssh-rsa !!!notbase64!!! comment",
            // An ed25519 blob announced as RSA.
            "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIMKNB69/VaeUe6SJnnDHiBZsNwTfjI2cHmvpup+E0Nst",
            // The ed25519 key cut short by one byte (re-encoded).
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMKNB69/VaeUe6SJnnDHiBZsNwTfjI2cHmvpup+E0N==",
            " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMKNB69/VaeUe6SJnnDHiBZsNwTfjI2cHmvpup+E0Nst",
            "ssh-foo AAAAB3NzaC1mb28=",
    })
    void refusesWhatIsNotAPublicKey(String text) {
        assertThat(SshPublicKeys.fingerprint(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"RSA", "ED25519", "ECDSA"})
    void acceptsTheKeyTypesOpenSshMakes(String which) {
        String key = switch (which) {
            case "RSA" -> RSA;
            case "ED25519" -> ED25519;
            default -> ECDSA;
        };
        assertThat(SshPublicKeys.isValid(key)).isTrue();
    }
}
