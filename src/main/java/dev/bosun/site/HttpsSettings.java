package dev.bosun.site;

/** A site's HTTPS mode and whether its HTTPS answers carry Strict-Transport-Security. */
public record HttpsSettings(HttpsMode mode, boolean hsts) {

    public static final HttpsSettings OFF = new HttpsSettings(HttpsMode.OFF, false);
}
