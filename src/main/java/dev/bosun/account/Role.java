package dev.bosun.account;

/** What a user may do: ADMIN everything, OPERATOR tasks on all sites, CLIENT only its clients' sites. */
public enum Role {
    ADMIN,
    OPERATOR,
    CLIENT;

    public String authority() {
        return "ROLE_" + name();
    }
}
