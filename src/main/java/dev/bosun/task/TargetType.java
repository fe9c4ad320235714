package dev.bosun.task;

/** What a task acts on. */
public enum TargetType {
    SITE,
    PLATFORM,
    SERVER
}
