package dev.bosun.notify.internal;

import java.util.Map;

/**
 * One thing to tell the administrators: a mail subject and text, and the webhook's JSON body. The
 * {@code delivery} id stays the same across retries, so a receiver can drop a repeat.
 */
public record Notice(String delivery, String event, String subject, String text, Map<String, Object> body) {
}
