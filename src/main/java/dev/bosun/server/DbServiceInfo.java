package dev.bosun.server;

/** A database service, as the panel reaches it (host and port seen from the master); the password stays inside. */
public record DbServiceInfo(long id, long serverId, DbType type, String host, int port, String adminUser,
                            ServerStatus status) {
}
