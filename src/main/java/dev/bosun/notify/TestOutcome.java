package dev.bosun.notify;

import java.util.List;

/**
 * What the settings page's "Send test" did: one line per channel, and whether every channel worked.
 * Serializable: it travels to the page as a flash attribute, in the session.
 */
public record TestOutcome(boolean ok, List<String> lines) implements java.io.Serializable {
}
