package org.stackbox.compute.keypair;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Generated keys are what Nova returns, and real tools read them: ssh-keygen the SSH key, openssl the bundle. */
@Timeout(60)
class GeneratedKeysTest {
    @TempDir
    Path directory;

    @Test
    void anSshKeyPairIsAPkcs1PemThatSshKeygenTurnsBackIntoThePublicKey() throws Exception {
        GeneratedKeys.Generated generated = GeneratedKeys.ssh();
        assertThat(generated.privateKey()).startsWith("-----BEGIN RSA PRIVATE KEY-----\n")
                .endsWith("\n-----END RSA PRIVATE KEY-----\n");
        assertThat(generated.privateKey().lines().skip(1).filter(line -> !line.startsWith("-----")))
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
        assertThat(generated.publicKey()).startsWith("ssh-rsa ").endsWith(" Generated-by-Nova");
        assertThat(SshPublicKeys.fingerprint(generated.publicKey())).contains(generated.fingerprint());

        Path privateKey = directory.resolve("id_rsa");
        Files.writeString(privateKey, generated.privateKey());
        Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
        String derived = run("ssh-keygen", "-y", "-f", privateKey.toString());
        assertThat(derived.strip().split(" ")[1]).isEqualTo(generated.publicKey().split(" ")[1]);
    }

    @Test
    void anX509KeyPairIsACertificateForTheUserAndAPkcs12Bundle() throws Exception {
        GeneratedKeys.Generated generated = GeneratedKeys.x509("user-1");
        assertThat(generated.publicKey()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(GeneratedKeys.x509Fingerprint(generated.publicKey())).contains(generated.fingerprint());
        assertThat(generated.fingerprint()).matches("([0-9a-f]{2}:){19}[0-9a-f]{2}");
        Path certificate = directory.resolve("cert.pem");
        Files.writeString(certificate, generated.publicKey());
        assertThat(run("openssl", "x509", "-noout", "-subject", "-in", certificate.toString())).contains("CN = user-1");
        Path bundle = directory.resolve("bundle.p12");
        Files.write(bundle, Base64.getDecoder().decode(generated.privateKey()));
        assertThat(run("openssl", "pkcs12", "-in", bundle.toString(), "-nokeys", "-password", "pass:"))
                .contains("BEGIN CERTIFICATE");
    }

    @Test
    void whatIsNotACertificateHasNoX509Fingerprint() {
        assertThat(GeneratedKeys.x509Fingerprint("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
                .isEmpty();
        assertThat(GeneratedKeys.x509Fingerprint(SshPublicKeysTest.ED25519)).isEmpty();
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
