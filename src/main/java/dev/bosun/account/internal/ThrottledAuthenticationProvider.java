package dev.bosun.account.internal;

import java.time.Duration;
import java.time.Instant;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Sign-in by user name and password (form and HTTP Basic alike), refused while the name is
 * locked for the caller's address by the {@link LoginThrottle}, before the password is even looked at.
 */
class ThrottledAuthenticationProvider implements AuthenticationProvider {

    private final LoginThrottle throttle;
    private final DaoAuthenticationProvider passwords;

    ThrottledAuthenticationProvider(LoginThrottle throttle, UserDetailsService users, PasswordEncoder encoder) {
        this.throttle = throttle;
        this.passwords = new DaoAuthenticationProvider(users);
        this.passwords.setPasswordEncoder(encoder);
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        throttle.lockedUntil(authentication.getName(), LoginThrottle.address(authentication)).ifPresent(until -> {
            throw new LockedException(lockedMessage(until));
        });
        return passwords.authenticate(authentication);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    static String lockedMessage(Instant until) {
        long minutes = Math.max(1, (Duration.between(Instant.now(), until).toSeconds() + 59) / 60);
        return "Too many failed sign-in attempts. This account is locked; try again in "
                + minutes + (minutes == 1 ? " minute." : " minutes.");
    }
}
