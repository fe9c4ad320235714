package dev.bosun.account.web;

import java.net.URI;
import java.security.Principal;
import java.util.List;

import dev.bosun.account.PasswordReset;
import dev.bosun.account.UserAdministration;
import dev.bosun.account.UserEdit;
import dev.bosun.account.UserForm;
import dev.bosun.account.UserView;
import dev.bosun.InvalidInputException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Users, for administrators: the same rules and audit entries as the users pages. */
@RestController
@RequestMapping("/api/v1/users")
@PreAuthorize("hasRole('ADMIN')")
class UsersApiController {

    private final UserAdministration users;

    UsersApiController(UserAdministration users) {
        this.users = users;
    }

    /** How to reset a password: {@code link} (a one-time link) or {@code password} (a random one). */
    record ResetRequest(String mode) {
    }

    @GetMapping
    List<UserView> list() {
        return users.list();
    }

    @PostMapping
    ResponseEntity<UserView> create(@RequestBody UserForm form) {
        UserView user = users.create(form);
        return ResponseEntity.created(URI.create("/api/v1/users/" + user.id())).body(user);
    }

    @GetMapping("/{id}")
    UserView get(@PathVariable long id) {
        return users.get(id);
    }

    @PutMapping("/{id}")
    UserView update(@PathVariable long id, @RequestBody UserEdit edit, Principal principal) {
        return users.update(id, edit, principal.getName());
    }

    @PostMapping("/{id}/enable")
    UserView enable(@PathVariable long id, Principal principal) {
        return users.setEnabled(id, true, principal.getName());
    }

    @PostMapping("/{id}/disable")
    UserView disable(@PathVariable long id, Principal principal) {
        return users.setEnabled(id, false, principal.getName());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id, Principal principal) {
        users.delete(id, principal.getName());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/password-reset")
    PasswordReset resetPassword(@PathVariable long id, @RequestBody ResetRequest request) {
        String mode = request.mode() == null ? "link" : request.mode();
        return switch (mode) {
            case "link" -> users.createResetLink(id);
            case "password" -> users.resetToRandomPassword(id);
            default -> throw new InvalidInputException("mode", "Choose \"link\" or \"password\".");
        };
    }

    @DeleteMapping("/{id}/second-factor")
    UserView resetSecondFactor(@PathVariable long id) {
        return users.resetSecondFactor(id);
    }
}
