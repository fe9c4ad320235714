<?php

// Example platform for Bosun, not Drupal. Bosun writes each site's settings.php itself.
$databases = [];
$settings['hash_salt'] = '';
