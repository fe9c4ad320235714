<?php

namespace BosunExample;

/** The tables this example keeps in a site's database; names follow Drupal's where Drupal has them. */
final class Schema
{
    public const TABLES = [
        'key_value' => 'collection VARCHAR(128) NOT NULL, name VARCHAR(128) NOT NULL, value TEXT NOT NULL,
                        PRIMARY KEY (collection, name)',
        'config' => "collection VARCHAR(255) NOT NULL DEFAULT '', name VARCHAR(255) NOT NULL, data TEXT,
                     PRIMARY KEY (collection, name)",
        'users' => 'uid INT NOT NULL PRIMARY KEY, name VARCHAR(60) NOT NULL, mail VARCHAR(254),
                    pass VARCHAR(255), status SMALLINT NOT NULL DEFAULT 1, created INT NOT NULL,
                    login INT NOT NULL DEFAULT 0',
        'file_managed' => 'fid INT NOT NULL PRIMARY KEY, uri VARCHAR(255) NOT NULL, filename VARCHAR(255) NOT NULL,
                           created INT NOT NULL',
        'cache_default' => 'cid VARCHAR(255) NOT NULL PRIMARY KEY, data TEXT, created INT NOT NULL',
        'one_time_login' => 'hash VARCHAR(100) NOT NULL PRIMARY KEY, uid INT NOT NULL, issued INT NOT NULL,
                             used INT',
    ];

    public static function create(Database $db): void
    {
        foreach (self::TABLES as $table => $columns) {
            $db->query("CREATE TABLE $table ($columns)");
        }
    }
}
