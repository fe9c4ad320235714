package dev.bosun.server;

/** The server's SSH host key is not the pinned one, or none is pinned yet outside a verify. */
public class HostKeyException extends ShellException {

    public HostKeyException(String message) {
        super(message);
    }
}
