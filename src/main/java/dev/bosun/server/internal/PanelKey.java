package dev.bosun.server.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import dev.bosun.BosunProperties;
import dev.bosun.server.HostKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The panel's own SSH key: ed25519, generated at first start in {@code <home>/ssh/id_ed25519} (0600, OpenSSH
 * format, so {@code ssh} and {@code rsync} can use it too) with the public half beside it.
 */
@Component
public class PanelKey {

    private static final Logger log = LoggerFactory.getLogger(PanelKey.class);

    private final Path privateKey;
    private final Path publicKey;

    PanelKey(BosunProperties properties) {
        Path dir = properties.homeDir().resolve("ssh");
        this.privateKey = dir.resolve("id_ed25519");
        this.publicKey = dir.resolve("id_ed25519.pub");
        if (!Files.exists(privateKey)) {
            generate(dir);
        }
    }

    public Path privateKeyFile() {
        return privateKey;
    }

    /** The line to add to {@code ~/.ssh/authorized_keys} of the SSH user on each server. */
    public String authorizedKeysLine() {
        try {
            return Files.readString(publicKey).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the panel's public key " + publicKey, e);
        }
    }

    public String fingerprint() {
        return HostKeys.fingerprint(authorizedKeysLine());
    }

    private void generate(Path dir) {
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            KeyPair pair = KeyPair.genKeyPair(new JSch(), KeyPair.ED25519);
            ByteArrayOutputStream privateOut = new ByteArrayOutputStream();
            pair.writeOpenSSHv1PrivateKey(privateOut, null);
            ByteArrayOutputStream publicOut = new ByteArrayOutputStream();
            pair.writePublicKey(publicOut, "bosun@" + hostName());
            pair.dispose();
            Files.createFile(privateKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(privateKey, privateOut.toByteArray());
            Files.writeString(publicKey, publicOut.toString(StandardCharsets.US_ASCII).strip() + "\n");
            log.info("Generated the panel's SSH key {}; add {} to authorized_keys on each server", privateKey, publicKey);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the panel's SSH key in " + dir, e);
        } catch (JSchException e) {
            throw new IllegalStateException("Cannot generate the panel's ed25519 SSH key", e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "panel";
        }
    }
}
