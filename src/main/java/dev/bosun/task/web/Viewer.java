package dev.bosun.task.web;

import java.util.List;

import dev.bosun.account.AccountService;
import dev.bosun.account.Role;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/** Who is looking: which tasks they may see (CLIENT users: their clients' sites) and whether they may act on them. */
@Component
class Viewer {

    private final AccountService accounts;

    Viewer(AccountService accounts) {
        this.accounts = accounts;
    }

    /** The client ids to filter on, or null for every task. */
    List<Long> scope(Authentication user) {
        return accounts.clientScope(user.getName()).filterOrNull();
    }

    /** ADMIN and OPERATOR users retry and cancel tasks; CLIENT users only watch. */
    boolean mayAct(Authentication user) {
        return Role.isStaff(user);
    }
}
