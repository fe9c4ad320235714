package dev.bosun.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** SSH host keys as Bosun stores them: {@code <type> <base64 blob>}, one line, as in known_hosts. */
public final class HostKeys {

    private HostKeys() {
    }

    public static String fingerprint(String hostKey) {
        if (hostKey == null || hostKey.isBlank()) {
            return null;
        }
        String[] parts = hostKey.strip().split("\\s+");
        byte[] blob = Base64.getDecoder().decode(parts.length > 1 ? parts[1] : parts[0]);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String of(String type, byte[] blob) {
        return type + " " + new String(Base64.getEncoder().encode(blob), StandardCharsets.US_ASCII);
    }
}
