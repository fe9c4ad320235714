<?php

foreach (['Failure', 'Aborted', 'InfoYaml', 'Codebase', 'Database', 'Site', 'Schema', 'Services', 'Output',
             'Installer', 'Updates', 'LoginLinks', 'Commands', 'Cli', 'Front'] as $file) {
    require_once __DIR__ . "/$file.php";
}
