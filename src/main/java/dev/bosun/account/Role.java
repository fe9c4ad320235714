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

    /** Whether the signed-in {@code principal} holds this role; false for no one signed in. */
    public boolean heldBy(Principal principal) {
        return principal instanceof Authentication authentication && authentication.getAuthorities().stream()
                .anyMatch(granted -> authority().equals(granted.getAuthority()));
    }

    /** Staff (ADMIN and OPERATOR) act on every site and see every task; CLIENT users only their own. */
    public static boolean isStaff(Principal principal) {
        return ADMIN.heldBy(principal) || OPERATOR.heldBy(principal);
    }
}
