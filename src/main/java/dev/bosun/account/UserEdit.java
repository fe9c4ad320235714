package dev.bosun.account;

import java.util.List;

/** What an administrator may change of a user: e-mail, role and (for CLIENT users) clients. */
public record UserEdit(String email, Role role, List<Long> clientIds) {

    public UserEdit {
        clientIds = clientIds == null ? List.of() : List.copyOf(clientIds);
    }
}
