package dev.bosun.server;

/** A name (domain, database, user, path, …) that Bosun refuses to pass on; the message says why. */
public class InvalidNameException extends IllegalArgumentException {

    private final String field;

    public InvalidNameException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** What was being named ({@code domain}, {@code path}, …), for a form field error. */
    public String field() {
        return field;
    }
}
