package dev.bosun.account;

/** A password change that breaks a rule; {@code field} names the form field the message belongs to. */
public class PasswordChangeRejectedException extends RuntimeException {

    private final String field;

    public PasswordChangeRejectedException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
