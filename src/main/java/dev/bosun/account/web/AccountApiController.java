package dev.bosun.account.web;

import java.security.Principal;

import dev.bosun.account.AccountService;
import dev.bosun.account.Role;
import dev.bosun.account.UserSummary;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
class AccountApiController {

    private final AccountService accounts;

    AccountApiController(AccountService accounts) {
        this.accounts = accounts;
    }

    /** Who the caller is: handy to check a token or password from a script. */
    @GetMapping("/me")
    Me me(Principal principal) {
        UserSummary user = accounts.findUser(principal.getName()).orElseThrow();
        return new Me(user.username(), user.role(), user.email());
    }

    record Me(String username, Role role, String email) {
    }
}
