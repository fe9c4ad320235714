package dev.bosun.settings;

/** Published when a feature is switched on or off. */
public record FeatureToggled(Feature feature, boolean enabled) {
}
