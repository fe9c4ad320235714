package dev.bosun.server;

import java.time.Instant;

/** A server with its services; {@code http} and {@code db} are null when the server does not offer them. */
public record ServerInfo(long id, String name, String hostname, int port, String sshUser, boolean master,
                         ServerStatus status, String hostKey, Instant verifiedAt, HttpServiceInfo http,
                         DbServiceInfo db) {

    /** The pinned host key's SHA256 fingerprint as {@code ssh-keygen -l} shows it, or null before the first verify. */
    public String hostKeyFingerprint() {
        return HostKeys.fingerprint(hostKey);
    }
}
