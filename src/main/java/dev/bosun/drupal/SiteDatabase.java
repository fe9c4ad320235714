package dev.bosun.drupal;

/** The database settings.php points a site to: driver {@code mysql} (MariaDB, MySQL) or {@code pgsql}. */
public record SiteDatabase(String driver, String host, int port, String name, String username, String password) {

    public SiteDatabase {
        if (!"mysql".equals(driver) && !"pgsql".equals(driver)) {
            throw new IllegalArgumentException("Drupal's database driver is mysql or pgsql, not " + driver);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Not a port: " + port);
        }
    }

    public static SiteDatabase mysql(String host, int port, String name, String username, String password) {
        return new SiteDatabase("mysql", host, port, name, username, password);
    }

    public static SiteDatabase pgsql(String host, int port, String name, String username, String password) {
        return new SiteDatabase("pgsql", host, port, name, username, password);
    }

    @Override
    public String toString() {
        return "SiteDatabase[" + driver + "://" + username + "@" + host + ":" + port + "/" + name + "]";
    }
}
