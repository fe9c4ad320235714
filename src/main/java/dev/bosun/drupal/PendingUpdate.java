package dev.bosun.drupal;

/** One entry of {@code drush updatedb:status --format=json}: an update hook or post-update not yet run. */
public record PendingUpdate(String id, String module, String updateId, String type, String description) {
}
