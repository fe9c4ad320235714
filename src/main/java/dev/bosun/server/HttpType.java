package dev.bosun.server;

/** The web servers Bosun writes vhosts for. */
public enum HttpType {
    NGINX("nginx", "nginx -t", "nginx -s reload"),
    APACHE("apache", "apache2ctl configtest", "apache2ctl graceful");

    private final String dirName;
    private final String defaultConfigTest;
    private final String defaultReload;

    HttpType(String dirName, String defaultConfigTest, String defaultReload) {
        this.dirName = dirName;
        this.defaultConfigTest = defaultConfigTest;
        this.defaultReload = defaultReload;
    }

    /** The directory name under {@code <home>/config/<server>/}. */
    public String dirName() {
        return dirName;
    }

    public String defaultConfigTest() {
        return defaultConfigTest;
    }

    public String defaultReload() {
        return defaultReload;
    }
}
