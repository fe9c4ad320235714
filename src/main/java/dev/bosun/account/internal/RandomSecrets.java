package dev.bosun.account.internal;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The one source of the account module's random secrets (API tokens, reset links, generated passwords, recovery
 * codes): one {@link SecureRandom}, values either URL-safe Base64 of random bytes or characters from an alphabet.
 */
public final class RandomSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomSecrets() {
    }

    /** {@code bytes} random bytes as URL-safe Base64 without padding. */
    public static String urlSafe(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("A secret needs at least one byte");
        }
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** {@code length} characters drawn uniformly from {@code alphabet}. */
    public static String fromAlphabet(String alphabet, int length) {
        if (alphabet == null || alphabet.length() < 2 || length < 1) {
            throw new IllegalArgumentException("A secret needs an alphabet of two or more characters and a length");
        }
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
