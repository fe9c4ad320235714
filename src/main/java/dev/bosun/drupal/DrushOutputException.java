package dev.bosun.drupal;

/** Drush printed something Bosun cannot read where the contract promises a shape. */
public class DrushOutputException extends RuntimeException {

    public DrushOutputException(String message) {
        super(message);
    }
}
