package dev.bosun.drupal;

/**
 * A site's drush alias file, {@code <home>/drush/<name>.site.yml}. Drush 12/13 allow no dots in
 * alias names, so the name is the domain with dots as underscores ({@code www.example.com} is
 * {@code @www_example_com.live}), and the file holds the one environment {@value #ENVIRONMENT}.
 */
public final class DrushAlias {

    public static final String ENVIRONMENT = "live";

    private DrushAlias() {
    }

    public static String name(String domain) {
        return DrupalInput.domain(domain).replace('.', '_');
    }

    public static String fileName(String domain) {
        return name(domain) + ".site.yml";
    }

    /** {@code @name.live}, for {@code drush --alias-path=<home>/drush @name.live status}. */
    public static String alias(String domain) {
        return "@" + name(domain) + "." + ENVIRONMENT;
    }

    /**
     * The file's text. {@code host} and {@code user} are null for a site on the master; {@code port}
     * is the SSH port of a remote server.
     */
    public static String render(String domain, String uri, String docrootPath, String drushExecutable, String host,
                                String user, int port) {
        StringBuilder yaml = new StringBuilder()
                .append("# Drush alias of ").append(DrupalInput.domain(domain)).append(", written by Bosun: drush ")
                .append(alias(domain)).append(" status\n")
                .append(ENVIRONMENT).append(":\n")
                .append("  root: ").append(quote(DrupalInput.absolutePath("docroot", docrootPath))).append('\n')
                .append("  uri: ").append(quote(DrupalInput.uri(uri))).append('\n');
        if (host != null) {
            yaml.append("  host: ").append(quote(DrupalInput.hostname(host))).append('\n');
            if (user != null) {
                yaml.append("  user: ").append(quote(DrupalInput.sshUser(user))).append('\n');
            }
            if (port != 22) {
                yaml.append("  ssh:\n    options: ").append(quote("-p " + port)).append('\n');
            }
        }
        return yaml.append("  paths:\n    drush-script: ")
                .append(quote(DrupalInput.absolutePath("drush path", drushExecutable))).append('\n').toString();
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
