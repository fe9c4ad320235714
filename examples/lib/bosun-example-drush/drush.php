<?php

/*
 * A drush-compatible command line for Bosun's EXAMPLE platforms. It is not drush and the
 * platforms are not Drupal: it implements the commands of docs/drush-contract.md, for real,
 * against a site's MariaDB/MySQL or PostgreSQL database.
 */

namespace BosunExample;

require_once __DIR__ . '/autoload.php';

exit(Cli::main($_SERVER['argv']));
