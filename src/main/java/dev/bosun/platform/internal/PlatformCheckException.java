package dev.bosun.platform.internal;

/** A platform check that failed; the message says what is missing or wrong, for the task log. */
public class PlatformCheckException extends RuntimeException {

    public PlatformCheckException(String message) {
        super(message);
    }

    public PlatformCheckException(String message, Throwable cause) {
        super(message, cause);
    }
}
