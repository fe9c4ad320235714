<?php

namespace BosunExample;

/**
 * One site of a codebase: its directory under sites/ (found from the URI as Drupal's
 * DrupalKernel::findSitePath does), its settings.php and its database.
 */
final class Site
{
    private ?array $settings = null;
    private ?Database $database = null;

    private function __construct(public readonly Codebase $codebase, public readonly string $sitePath,
                                 public readonly string $uri)
    {
    }

    public static function forUri(Codebase $codebase, string $uri): self
    {
        return new self($codebase, self::findSitePath($codebase->docroot, self::host($uri)), $uri);
    }

    public static function inSubdir(Codebase $codebase, string $subdir, string $uri): self
    {
        return new self($codebase, 'sites/' . strtolower($subdir), $uri);
    }

    /** The host (and port, as Drupal's "port.host") a URI names; "default" when none is given. */
    public static function host(string $uri): string
    {
        if ($uri === '' || $uri === 'default') {
            return 'default';
        }
        $parts = parse_url(str_contains($uri, '://') ? $uri : 'http://' . $uri);
        $host = strtolower(rtrim($parts['host'] ?? 'default', '.'));
        return isset($parts['port']) ? $host . ':' . $parts['port'] : $host;
    }

    public static function findSitePath(string $docroot, string $httpHost): string
    {
        $sites = [];
        if (is_file($docroot . '/sites/sites.php')) {
            include $docroot . '/sites/sites.php';
        }
        $server = explode('.', implode('.', array_reverse(explode(':', rtrim($httpHost, '.')))));
        for ($j = count($server); $j > 0; $j--) {
            $dir = implode('.', array_slice($server, -$j));
            if (isset($sites[$dir]) && is_dir($docroot . '/sites/' . $sites[$dir])) {
                $dir = $sites[$dir];
            }
            if (is_file($docroot . '/sites/' . $dir . '/settings.php')) {
                return 'sites/' . $dir;
            }
        }
        return 'sites/default';
    }

    public function directory(): string
    {
        return $this->codebase->docroot . '/' . $this->sitePath;
    }

    public function settingsFile(): string
    {
        return $this->directory() . '/settings.php';
    }

    /** $databases and $settings as settings.php sets them. */
    public function settings(): array
    {
        if ($this->settings === null) {
            $this->settings = self::load($this->settingsFile(), $this->codebase->docroot, $this->sitePath);
        }
        return $this->settings;
    }

    private static function load(string $file, string $app_root, string $site_path): array
    {
        if (!is_file($file)) {
            throw new Failure("No settings.php at $file.");
        }
        $databases = [];
        $settings = [];
        $config = [];
        include $file;
        return ['databases' => $databases, 'settings' => $settings, 'config' => $config];
    }

    public function setting(string $name, $default = null)
    {
        return $this->settings()['settings'][$name] ?? $default;
    }

    public function database(): Database
    {
        if ($this->database === null) {
            $spec = $this->settings()['databases']['default']['default'] ?? null;
            if ($spec === null) {
                throw new Failure("{$this->sitePath}/settings.php has no \$databases['default']['default'] entry.");
            }
            $this->database = new Database($spec);
        }
        return $this->database;
    }

    public function useDatabase(Database $database): void
    {
        $this->database = $database;
    }

    public function isInstalled(): bool
    {
        try {
            return $this->database()->tableExists('key_value')
                && $this->keyValue('system.schema', 'system') !== null;
        } catch (\PDOException $e) {
            return false;
        }
    }

    public function requireInstalled(): void
    {
        if (!$this->isInstalled()) {
            throw new Failure("The site at {$this->sitePath} is not installed: no working database with Drupal tables.");
        }
    }

    public function keyValue(string $collection, string $name)
    {
        $value = $this->database()->query('SELECT value FROM key_value WHERE collection = ? AND name = ?',
            [$collection, $name])->fetchColumn();
        return $value === false ? null : unserialize($value);
    }

    public function keyValues(string $collection): array
    {
        $rows = $this->database()->query('SELECT name, value FROM key_value WHERE collection = ? ORDER BY name',
            [$collection])->fetchAll();
        $values = [];
        foreach ($rows as $row) {
            $values[$row['name']] = unserialize($row['value']);
        }
        return $values;
    }

    public function setKeyValue(string $collection, string $name, $value): void
    {
        $this->database()->transaction(function (Database $db) use ($collection, $name, $value) {
            $db->query('DELETE FROM key_value WHERE collection = ? AND name = ?', [$collection, $name]);
            $db->query('INSERT INTO key_value (collection, name, value) VALUES (?, ?, ?)',
                [$collection, $name, serialize($value)]);
        });
    }

    public function config(string $name): array
    {
        $data = $this->database()->query("SELECT data FROM config WHERE collection = '' AND name = ?", [$name])
            ->fetchColumn();
        return $data === false ? [] : unserialize($data);
    }

    public function setConfig(string $name, array $data): void
    {
        $this->database()->transaction(function (Database $db) use ($name, $data) {
            $db->query("DELETE FROM config WHERE collection = '' AND name = ?", [$name]);
            $db->query("INSERT INTO config (collection, name, data) VALUES ('', ?, ?)", [$name, serialize($data)]);
        });
    }

    /** Installed modules (profile included) and themes, from core.extension. */
    public function enabled(): array
    {
        $extension = $this->config('core.extension');
        return array_merge(array_keys($extension['module'] ?? []), array_keys($extension['theme'] ?? []));
    }

    public function maintenanceMode(): bool
    {
        return (bool) $this->keyValue('state', 'system.maintenance_mode');
    }

    public function publicFilesPath(): string
    {
        return $this->setting('file_public_path', $this->sitePath . '/files');
    }
}
