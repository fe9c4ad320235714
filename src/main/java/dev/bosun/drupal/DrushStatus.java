package dev.bosun.drupal;

/**
 * What {@code drush core:status} reports. {@code dbStatus} is "Connected" and {@code bootstrap}
 * "Successful" only for an installed site whose database answers; drush leaves them out otherwise.
 */
public record DrushStatus(String drupalVersion, String drushVersion, String uri, String dbDriver, String dbName,
                          String dbStatus, String bootstrap, String installProfile, String sitePath, String filesPath) {

    public boolean installed() {
        return "Connected".equals(dbStatus) && "Successful".equals(bootstrap);
    }
}
