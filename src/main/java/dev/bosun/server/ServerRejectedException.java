package dev.bosun.server;

import java.util.Map;

/** A registration or edit with invalid fields: each field path ({@code db.host}) with its message. */
public class ServerRejectedException extends RuntimeException {

    private final Map<String, String> fieldErrors;

    public ServerRejectedException(Map<String, String> fieldErrors) {
        super("Invalid server: " + fieldErrors);
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
