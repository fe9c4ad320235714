package dev.bosun.account.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RandomSecretsTests {

    @Test
    void urlSafeSecretsAreBase64OfTheGivenBytesAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String secret = RandomSecrets.urlSafe(32);
            assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+");
            seen.add(secret);
        }
        assertThat(seen).hasSize(1000);
        assertThat(RandomSecrets.urlSafe(15)).hasSize(20);
    }

    @Test
    void alphabetSecretsUseOnlyTheAlphabetAndEveryCharacterOfIt() {
        String alphabet = "abc23";
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String secret = RandomSecrets.fromAlphabet(alphabet, 10);
            assertThat(secret).hasSize(10).matches("[abc23]+");
            all.append(secret);
        }
        assertThat(all.chars().distinct().count()).as("every character is drawn").isEqualTo(alphabet.length());
    }

    @Test
    void aSecretWithoutLengthOrAlphabetIsRefused() {
        assertThatThrownBy(() -> RandomSecrets.urlSafe(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RandomSecrets.fromAlphabet("a", 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RandomSecrets.fromAlphabet("ab", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
