package dev.bosun.secret;

/** A stored secret could not be opened, e.g. because the secret key changed. */
class SecretBoxException extends RuntimeException {

    public SecretBoxException(String message) {
        super(message);
    }
}
