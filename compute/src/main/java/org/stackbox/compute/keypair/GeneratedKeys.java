package org.stackbox.compute.keypair;

import org.stackbox.common.process.ChildProcesses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Key pairs made for the caller, as Nova's {@code crypto.py} makes them: an RSA 2048 SSH key whose private half is
 * returned once as a PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY}, what paramiko writes) and whose public half is
 * {@code ssh-rsa <blob> Generated-by-Nova}; or, for X.509, a self-signed client certificate for WinRM made by
 * {@code openssl} exactly as Nova runs it, the private half a base64 PKCS#12 bundle.
 */
public final class GeneratedKeys {
    private GeneratedKeys() {}

    /** A generated key: the private half to return once, the public half to keep, and its fingerprint. */
    public record Generated(String privateKey, String publicKey, String fingerprint) {}

    public static Generated ssh() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            java.security.KeyPair pair = generator.generateKeyPair();
            RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) pair.getPrivate();
            byte[] blob = SshPublicKeys.rsaBlob(publicKey.getPublicExponent(), publicKey.getModulus());
            String openSsh = "ssh-rsa " + Base64.getEncoder().encodeToString(blob) + " Generated-by-Nova";
            return new Generated(pem("RSA PRIVATE KEY", pkcs1(privateKey)), openSsh, SshPublicKeys.md5ColonHex(blob));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK cannot make RSA keys", e);
        }
    }

    /** The SHA-1 fingerprint of a PEM certificate in colon-separated hex, or empty if it is not one. */
    public static Optional<String> x509Fingerprint(String pemCertificate) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(
                            pemCertificate.getBytes(StandardCharsets.UTF_8)));
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded());
            return Optional.of(HexFormat.ofDelimiter(":").formatHex(digest));
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A client certificate for {@code CN=<userId>} with the WinRM user principal name, made by openssl. */
    public static Generated x509(String userId) {
        Path directory = null;
        try {
            directory = Files.createTempDirectory("stackbox-x509");
            Path keyFile = directory.resolve("temp.key");
            Path configFile = directory.resolve("temp.conf");
            Files.writeString(configFile, """
                    distinguished_name  = req_distinguished_name
                    [req_distinguished_name]
                    [v3_req_client]
                    extendedKeyUsage = clientAuth
                    subjectAltName = otherName:1.3.6.1.4.1.311.20.2.3;UTF8:%s@localhost
                    """.formatted(userId));
            byte[] certificate = openssl(null, "req", "-x509", "-nodes", "-days", "3650", "-config",
                    configFile.toString(), "-newkey", "rsa:2048", "-outform", "PEM", "-keyout", keyFile.toString(),
                    "-subj", "/CN=" + userId, "-extensions", "v3_req_client");
            byte[] bundle = openssl(certificate, "pkcs12", "-export", "-inkey", keyFile.toString(), "-password",
                    "pass:");
            String pem = new String(certificate, StandardCharsets.UTF_8);
            return new Generated(Base64.getEncoder().encodeToString(bundle), pem,
                    x509Fingerprint(pem).orElseThrow(() -> new IllegalStateException("openssl made no certificate")));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot make an X.509 certificate: " + e.getMessage(), e);
        } finally {
            deleteQuietly(directory);
        }
    }

    private static byte[] openssl(byte[] input, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(arguments));
        Process process = ChildProcesses.dyingWithStackbox(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input);
            }
        }
        byte[] output = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("openssl did not finish in 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted waiting for openssl", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("openssl " + arguments[0] + " failed with status " + process.exitValue());
        }
        return output;
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A temporary directory left behind holds nothing the caller has not been given.
        }
    }

    /** PKCS#1 {@code RSAPrivateKey}: version 0 and the eight numbers, a DER sequence of integers. */
    static byte[] pkcs1(RSAPrivateCrtKey key) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (BigInteger number : List.of(BigInteger.ZERO, key.getModulus(), key.getPublicExponent(),
                key.getPrivateExponent(), key.getPrimeP(), key.getPrimeQ(), key.getPrimeExponentP(),
                key.getPrimeExponentQ(), key.getCrtCoefficient())) {
            derElement(body, 0x02, number.toByteArray());
        }
        ByteArrayOutputStream sequence = new ByteArrayOutputStream();
        derElement(sequence, 0x30, body.toByteArray());
        return sequence.toByteArray();
    }

    private static void derElement(ByteArrayOutputStream out, int tag, byte[] content) {
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
                out.write((length >> shift) & 0xff);
            }
        }
        out.writeBytes(content);
    }

    static String pem(String label, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n";
    }
}
