package dev.bosun;

/**
 * Input that breaks a rule only the service can check (a taken name, a wrong current password).
 * {@code field} names the form field or JSON property it belongs to: pages show the message on
 * that field, the API answers 422 listing it.
 */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
