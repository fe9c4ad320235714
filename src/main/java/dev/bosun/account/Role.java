package dev.bosun.account;

import java.security.Principal;

import org.springframework.security.core.Authentication;

/** What a user may do: ADMIN everything, OPERATOR tasks on all sites, CLIENT only its clients' sites. */
public enum Role {
    ADMIN,
    OPERATOR,
    CLIENT;

    public String authority() {
        return "ROLE_" + name();
    }

    /** Whether the signed-in user (an {@link Authentication}) has this role. */
    public boolean heldBy(Principal principal) {
        return principal instanceof Authentication user && user.getAuthorities().stream()
                .anyMatch(granted -> authority().equals(granted.getAuthority()));
    }
}
