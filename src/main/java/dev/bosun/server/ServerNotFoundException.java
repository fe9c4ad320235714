package dev.bosun.server;

/** No server with this id. */
public class ServerNotFoundException extends RuntimeException {

    public ServerNotFoundException(long id) {
        super("No server " + id);
    }
}
