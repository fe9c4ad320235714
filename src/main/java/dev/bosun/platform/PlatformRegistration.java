package dev.bosun.platform;

/** A newly registered platform (QUEUED) and the verify task queued for it. */
public record PlatformRegistration(Platform platform, long verifyTaskId) {
}
