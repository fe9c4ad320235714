package dev.bosun.settings;

/** The settings that shape what the panel offers for sites. */
public record SiteSettings(boolean requireDisableBeforeDelete) {
}
