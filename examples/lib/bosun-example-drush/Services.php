<?php

namespace BosunExample;

/** What \Drupal::service() hands out in this example, bound to the site drush bootstrapped. */
final class Services
{
    private static ?Site $site = null;

    public static function boot(Site $site): void
    {
        require_once $site->codebase->docroot . '/core/lib/Drupal.php';
        self::$site = $site;
    }

    public static function get(string $id)
    {
        $site = self::$site ?? throw new Failure('Drupal is not bootstrapped: no site selected.');
        return match ($id) {
            'update.update_hook_registry' => new UpdateHookRegistry($site),
            'database' => $site->database(),
            'state' => new State($site),
            default => throw new Failure("You have requested a non-existent service \"$id\"."),
        };
    }
}

/** The part of Drupal's UpdateHookRegistry that reads installed schema versions. */
final class UpdateHookRegistry
{
    public function __construct(private readonly Site $site)
    {
    }

    /** Installed schema version per module, as Drupal returns it. */
    public function getAllInstalledVersions(): array
    {
        return array_map('intval', $this->site->keyValues('system.schema'));
    }

    public function getInstalledVersion(string $module): int
    {
        $version = $this->site->keyValue('system.schema', $module);
        return $version === null ? -1 : (int) $version;
    }
}

/** Drupal's state: key_value collection "state". */
final class State
{
    public function __construct(private readonly Site $site)
    {
    }

    public function get(string $key, $default = null)
    {
        return $this->site->keyValue('state', $key) ?? $default;
    }

    public function set(string $key, $value): void
    {
        $this->site->setKeyValue('state', $key, $value);
    }
}
