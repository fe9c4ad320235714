<?php

// Example platform for Bosun, not Drupal: shows which site answered and what its database holds.
require __DIR__ . '/../../../lib/bosun-example-drush/autoload.php';

\BosunExample\Front::handle(__DIR__);
