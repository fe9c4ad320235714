<?php

/**
 * Example platform for Bosun, not Drupal: the core version lives here as in Drupal's core/lib/Drupal.php.
 */
class Drupal {

  const VERSION = '10.3.6';

  const CORE_MINIMUM_SCHEMA_VERSION = 8000;

  public static function service($id) {
    return \BosunExample\Services::get($id);
  }

  public static function database() {
    return static::service('database');
  }

  public static function state() {
    return static::service('state');
  }

}
