package dev.bosun.server;

/** A command could not be run, timed out, failed, or the server could not be reached; the message says which. */
public class ShellException extends RuntimeException {

    public ShellException(String message) {
        super(message);
    }

    public ShellException(String message, Throwable cause) {
        super(message, cause);
    }
}
