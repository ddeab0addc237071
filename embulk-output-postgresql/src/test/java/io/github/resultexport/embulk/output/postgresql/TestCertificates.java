package io.github.resultexport.embulk.output.postgresql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificate authorities and server certificates for TLS tests, made in a directory of the test's with the JDK's
 * own {@code keytool} (EC P-256 keys, valid for two days). Everything is PEM, as PostgreSQL and pgjdbc read it.
 */
final class TestCertificates {
    private static final String STORE_PASSWORD = "test-store";

    private final Path dir;
    private final String keytool;

    TestCertificates(Path dir) {
        this.dir = dir;
        this.keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    /** A server certificate and its unencrypted private key. */
    static final class ServerCertificate {
        final Path certificate;
        final Path privateKey;

        ServerCertificate(Path certificate, Path privateKey) {
            this.certificate = certificate;
            this.privateKey = privateKey;
        }
    }

    /** A new self-signed CA named {@code name}; returns its certificate ({@code <name>.crt}). */
    Path authority(String name) throws IOException, InterruptedException {
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name, "-ext", "bc:c", "-validity", "2",
                "-keystore", store(name).toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        Path pem = dir.resolve(name + ".crt");
        keytool("-exportcert", "-rfc", "-alias", name, "-file", pem.toString(),
                "-keystore", store(name).toString(), "-storepass", STORE_PASSWORD);
        return pem;
    }

    /**
     * A server certificate signed by the CA {@code authority} (made with {@link #authority}), for
     * {@code CN=<commonName>} with the subject alternative names {@code san} in keytool's form
     * ({@code ip:127.0.0.1}, {@code dns:localhost}).
     */
    ServerCertificate server(String name, String authority, String commonName, String san)
            throws IOException, InterruptedException, GeneralSecurityException {
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + commonName, "-validity", "2",
                "-keystore", store(name).toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        Path request = dir.resolve(name + ".csr");
        keytool("-certreq", "-alias", name, "-file", request.toString(),
                "-keystore", store(name).toString(), "-storepass", STORE_PASSWORD);
        Path certificate = dir.resolve(name + ".crt");
        keytool("-gencert", "-rfc", "-alias", authority, "-infile", request.toString(),
                "-outfile", certificate.toString(), "-ext", "san=" + san, "-ext", "eku=serverAuth",
                "-validity", "2", "-keystore", store(authority).toString(), "-storepass", STORE_PASSWORD);
        Path privateKey = dir.resolve(name + ".key");
        Files.write(privateKey, privateKeyPem(name).getBytes(StandardCharsets.US_ASCII));
        return new ServerCertificate(certificate, privateKey);
    }

    private String privateKeyPem(String name) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store(name))) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        Key key = store.getKey(name, STORE_PASSWORD.toCharArray());
        // PKCS#8, which OpenSSL (and so PostgreSQL) reads as "PRIVATE KEY".
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private Path store(String name) {
        return dir.resolve(name + ".p12");
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(keytool);
        command.add("-noprompt");
        command.addAll(Arrays.asList(args));
        Path log = dir.resolve("keytool.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: "
                    + new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
        }
    }
}
