package dev.bosun.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A user with the client role, linked to one client. */
public record ClientUserForm(
        @NotBlank(message = "Choose a user name.")
        @Pattern(regexp = "[A-Za-z0-9._-]{2,100}", message = "2 to 100 letters, digits, dots, dashes or underscores.")
        String username,
        @Email(message = "This is not an e-mail address.") String email,
        @NotBlank(message = "Choose a password.")
        @Size(min = AccountService.MIN_PASSWORD_LENGTH, message = "Use at least 10 characters.") String password) {
}
