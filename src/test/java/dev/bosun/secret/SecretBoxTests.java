package dev.bosun.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import dev.bosun.BosunProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTests {

    @TempDir
    Path home;

    @Test
    void encryptsWithAFreshNonceAndDecryptsBack() throws Exception {
        SecretBox box = new SecretBox(properties(null));

        String first = box.encrypt("s3cret pässword");
        String second = box.encrypt("s3cret pässword");

        assertThat(first).startsWith("v1:").doesNotContain("s3cret").isNotEqualTo(second);
        assertThat(box.decrypt(first)).isEqualTo("s3cret pässword");
    }

    @Test
    void createsTheKeyFileOnceWithOwnerOnlyAccess() throws Exception {
        String sealed = new SecretBox(properties(null)).encrypt("x");
        Path keyFile = home.resolve("secret.key");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(new SecretBox(properties(null)).decrypt(sealed)).isEqualTo("x");
    }

    @Test
    void takesTheKeyFromTheSettingAndRefusesAWrongKey() throws Exception {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        String sealed = new SecretBox(properties(key)).encrypt("x");

        assertThat(home.resolve("secret.key")).doesNotExist();
        assertThatThrownBy(() -> new SecretBox(properties(null)).decrypt(sealed))
                .isInstanceOf(SecretBoxException.class).hasMessageContaining("secret key");
        assertThatThrownBy(() -> new SecretBox(properties("not base64!")))
                .hasMessageContaining("must be a base64 AES key");
    }

    @Test
    void detectsATamperedValue() throws Exception {
        SecretBox box = new SecretBox(properties(null));
        String sealed = box.encrypt("password");
        char last = sealed.charAt(sealed.length() - 3);
        String tampered = sealed.substring(0, sealed.length() - 3) + (last == 'A' ? 'B' : 'A') + sealed.substring(sealed.length() - 2);

        assertThatThrownBy(() -> box.decrypt(tampered)).isInstanceOf(SecretBoxException.class);
    }

    private BosunProperties properties(String secretKey) {
        return new BosunProperties(home, null, null, null, null, secretKey, null);
    }
}
