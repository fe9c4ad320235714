package dev.bosun.platform;

/** A server a platform can be registered on; {@code web} when it has an http service. */
public record PlatformServer(long id, String name, boolean web) {
}
