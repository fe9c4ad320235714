package dev.bosun.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.bosun.BosunProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Encrypts credentials kept in the database (AES-GCM, a fresh nonce per value). The key comes from
 * {@code bosun.secret-key} ({@code BOSUN_SECRET_KEY}, base64) or from {@code <home>/secret.key},
 * which is created with mode 0600 at first start.
 */
@Component
public class SecretBox {

    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    @Autowired
    SecretBox(BosunProperties properties) throws IOException {
        this(StringUtils.hasText(properties.secretKey())
                ? decodeKey(properties.secretKey().trim(), "bosun.secret-key (BOSUN_SECRET_KEY)")
                : keyFile(properties.homeDir().resolve("secret.key")));
    }

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** A box with the given raw key, for tools and tests. */
    public static SecretBox withKey(byte[] key) {
        return new SecretBox(key.clone());
    }

    /**
     * A key for another purpose (e.g. Drupal hash salts), derived from the secret key with
     * HMAC-SHA256, so that it is stable and nothing new needs storing.
     */
    public byte[] derivedKey(String purpose) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(("bosun:" + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public String encrypt(String plain) {
        if (plain == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not encrypt a value", e);
        }
    }

    /** Decrypts a value of {@link #encrypt}; a wrong key or a changed value fails, never returns garbage. */
    public String decrypt(String sealed) {
        if (sealed == null) {
            return null;
        }
        if (!sealed.startsWith(PREFIX)) {
            throw new SecretBoxException("This value was not encrypted by Bosun's secret box.");
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SecretBoxException("A stored credential cannot be decrypted: the secret key "
                    + "(BOSUN_SECRET_KEY or <home>/secret.key) is not the one it was encrypted with.");
        }
    }

    private static byte[] keyFile(Path file) throws IOException {
        if (Files.exists(file)) {
            return decodeKey(Files.readString(file).trim(), file.toString());
        }
        Files.createDirectories(file.getParent());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        return key;
    }

    private static byte[] decodeKey(String encoded, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " must be a base64 AES key (e.g. `openssl rand -base64 32`)");
        }
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalStateException(source + " must hold 16, 24 or 32 bytes of key (base64), not "
                    + key.length);
        }
        return key;
    }
}
