package dev.bosun.drupal;

import java.util.List;

/**
 * Where a site lives in a platform: {@code <docroot>/sites/<domain>/} with settings.php, the public
 * files directory and, under {@code private/}, private files, temporary files and the config sync
 * directory (Aegir's layout). Paths in settings.php are relative to the docroot, as Drupal expects.
 */
public record SiteLayout(String docrootPath, String domain) {

    public SiteLayout {
        DrupalInput.absolutePath("docroot", docrootPath);
        DrupalInput.domain(domain);
        docrootPath = docrootPath.endsWith("/") ? docrootPath.substring(0, docrootPath.length() - 1) : docrootPath;
    }

    /** {@code sites/<domain>}, relative to the docroot (Drupal's {@code $site_path}). */
    public String sitePath() {
        return "sites/" + domain;
    }

    public String siteDirectory() {
        return docrootPath + "/" + sitePath();
    }

    public String settingsFile() {
        return siteDirectory() + "/settings.php";
    }

    public String publicFilesPath() {
        return sitePath() + "/files";
    }

    public String privateFilesPath() {
        return sitePath() + "/private/files";
    }

    public String tempPath() {
        return sitePath() + "/private/temp";
    }

    public String configSyncPath() {
        return sitePath() + "/private/config/sync";
    }

    /** Creates the site directory and the directories settings.php names; harmless when they exist. */
    public List<String> createDirectoriesCommand() {
        return List.of("mkdir", "-p", siteDirectory(), absolute(publicFilesPath()), absolute(privateFilesPath()),
                absolute(tempPath()), absolute(configSyncPath()));
    }

    /** Removes the site directory with everything in it; harmless when it is gone. */
    public List<String> removeCommand() {
        return List.of("rm", "-rf", "--", siteDirectory());
    }

    private String absolute(String relative) {
        return docrootPath + "/" + relative;
    }
}
