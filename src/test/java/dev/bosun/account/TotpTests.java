package dev.bosun.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class TotpTests {

    /** RFC 6238, appendix B: the SHA-1 secret "12345678901234567890" (6 of the 8 digits shown there). */
    static final String RFC_SECRET = Totp.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII));

    @Test
    void codesAreThoseOfTheRfcTestVectors() {
        assertThat(Totp.code(RFC_SECRET, Instant.ofEpochSecond(59))).isEqualTo("287082");
        assertThat(Totp.code(RFC_SECRET, Instant.ofEpochSecond(1111111109))).isEqualTo("081804");
        assertThat(Totp.code(RFC_SECRET, Instant.ofEpochSecond(20000000000L))).isEqualTo("353130");
    }

    @Test
    void base32RoundTripsAndMatchesTheRfc4648Example() {
        assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(new String(Totp.fromBase32("mzxw6ytboi"), StandardCharsets.US_ASCII)).isEqualTo("foobar");
    }

    @Test
    void aCodeOfTheNeighbouringStepIsAcceptedAndAnOlderOneIsNot() {
        String secret = Totp.newSecret();
        Instant now = Instant.parse("2026-06-01T12:00:10Z");
        assertThat(Totp.matchingStep(secret, Totp.code(secret, now), now)).isEqualTo(Totp.step(now));
        assertThat(Totp.matchingStep(secret, Totp.code(secret, now.minusSeconds(30)), now)).isEqualTo(Totp.step(now) - 1);
        assertThat(Totp.matchingStep(secret, Totp.code(secret, now.minusSeconds(90)), now)).isEqualTo(-1);
        assertThat(Totp.matchingStep(secret, "12a456", now)).isEqualTo(-1);
    }

    @Test
    void theUriCarriesIssuerAccountAndSecret() {
        assertThat(Totp.uri("Bosun", "jane doe", "ABC"))
                .isEqualTo("otpauth://totp/Bosun:jane%20doe?secret=ABC&issuer=Bosun&algorithm=SHA1&digits=6&period=30");
    }
}
