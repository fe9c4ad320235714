package dev.bosun.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Creating or editing a client. */
public record ClientForm(
        @NotBlank(message = "Give the client a name.") @Size(max = 200, message = "At most 200 characters.") String name,
        @Email(message = "This is not an e-mail address.") @Size(max = 320, message = "At most 320 characters.") String email) {
}
