package dev.bosun.account;

import java.util.List;

/**
 * A new user, as an administrator enters it: a CLIENT user is linked to one or more clients, the
 * others to none. Checked by {@link UserAdministration#create}.
 */
public record UserForm(String username, String email, Role role, List<Long> clientIds, String password) {

    public UserForm {
        clientIds = clientIds == null ? List.of() : List.copyOf(clientIds);
    }
}
