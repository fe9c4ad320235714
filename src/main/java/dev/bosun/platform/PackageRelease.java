package dev.bosun.platform;

/** A package's release version and schema version (either may be unknown). */
public record PackageRelease(String version, Integer schema) {

    @Override
    public String toString() {
        String text = version == null ? "unknown version" : version;
        return schema == null ? text : text + " (schema " + schema + ")";
    }
}
