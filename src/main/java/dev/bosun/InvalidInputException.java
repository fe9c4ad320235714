package dev.bosun;

import java.util.List;

/**
 * Input that breaks rules only a service can check (a taken name, a wrong current password).
 * Each violation names the form field or JSON property it belongs to: pages show the message on
 * that field, the API answers 422 listing them.
 */
public class InvalidInputException extends RuntimeException {

    public record Violation(String field, String message) {
    }

    private final List<Violation> violations;

    public InvalidInputException(String field, String message) {
        this(List.of(new Violation(field, message)));
    }

    public InvalidInputException(List<Violation> violations) {
        super(violations.isEmpty() ? "Invalid input" : violations.get(0).message());
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("An invalid input names at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    /** The first violation's field, for callers that show one message. */
    public String field() {
        return violations.get(0).field();
    }
}
