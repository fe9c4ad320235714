package dev.bosun.drupal;

/**
 * What {@code drush site:install} is told about a new site. The database credentials are not here:
 * drush reads them from the settings.php Bosun wrote before, so no password reaches the command line.
 */
public record SiteInstallOptions(String profile, String locale, String siteName, String siteMail, String accountName,
                                 String accountMail) {
}
