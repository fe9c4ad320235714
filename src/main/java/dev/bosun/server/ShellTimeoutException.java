package dev.bosun.server;

/** A command ran longer than its timeout and was stopped. */
public class ShellTimeoutException extends ShellException {

    public ShellTimeoutException(String message) {
        super(message);
    }
}
