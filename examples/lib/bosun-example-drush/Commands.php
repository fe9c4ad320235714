<?php

namespace BosunExample;

/** The drush commands Bosun calls, implemented for real against the site's database. */
final class Commands
{
    public const DRUSH_VERSION = '13.3.3-bosun-example';

    private ?Codebase $codebase = null;
    private ?Site $site = null;

    public function __construct(private readonly Output $out, private readonly array $options,
                                private readonly string $cwd)
    {
    }

    public function run(string $command, array $arguments): void
    {
        match ($command) {
            'site:install' => $this->siteInstall($arguments[0] ?? 'standard'),
            'core:status' => $this->status(),
            'pm:list' => $this->pmList(),
            'php:eval' => $this->phpEval($arguments[0] ?? ''),
            'updatedb' => $this->updatedb(),
            'updatedb:status' => $this->updatedbStatus(),
            'user:login' => $this->userLogin($arguments[0] ?? null),
            'state:get' => $this->stateGet($arguments[0] ?? ''),
            'state:set' => $this->stateSet($arguments[0] ?? '', $arguments[1] ?? null),
            'core:cron' => $this->cron(),
            'cache:rebuild' => $this->cacheRebuild(),
            'sql:query' => $this->sqlQuery($arguments[0] ?? ''),
            'version' => $this->version(),
        };
    }

    private function option(string $name, $default = null)
    {
        return $this->options[$name] ?? $default;
    }

    private function codebase(): Codebase
    {
        return $this->codebase ??= Codebase::locate($this->option('root'), $this->cwd);
    }

    private function uri(): string
    {
        return (string) $this->option('uri', 'default');
    }

    private function site(): Site
    {
        if ($this->site === null) {
            $this->site = Site::forUri($this->codebase(), $this->uri());
            Services::boot($this->site);
        }
        return $this->site;
    }

    private function bootedSite(): Site
    {
        $site = $this->site();
        $site->requireInstalled();
        return $site;
    }

    private function confirm(string $question): bool
    {
        if ($this->option('yes') === true) {
            $this->out->line(" // $question: yes.");
            return true;
        }
        if ($this->option('no') === true || !stream_isatty(STDIN)) {
            return false;
        }
        $this->out->write(" $question (yes/no) [yes]:\n > ");
        $answer = strtolower(trim((string) fgets(STDIN)));
        return $answer === '' || $answer === 'y' || $answer === 'yes';
    }

    private function siteInstall(string $profile): void
    {
        if ($this->option('db-url') !== null) {
            throw new Failure('This example reads the database from settings.php; --db-url is not supported.');
        }
        $subdir = $this->option('sites-subdir');
        $site = $subdir ? Site::inSubdir($this->codebase(), $subdir, $this->option('uri', 'http://' . $subdir))
            : $this->site();
        $this->site = $site;
        Services::boot($site);
        $database = $site->database();
        $this->out->line('You are about to:');
        $this->out->line(" * DROP all tables in your '{$database->name()}' database.");
        if (!$this->confirm('Do you want to continue?')) {
            throw new Failure('Cancelled.');
        }
        $options = array_filter($this->options, fn ($v) => $v !== true && $v !== false);
        $password = (new Installer($site, $this->out))->install($profile, $options);
        $account = $options['account-name'] ?? 'admin';
        $this->out->success(isset($options['account-pass']) ? 'Installation complete.'
            : "Installation complete.  User name: $account  User password: $password");
    }

    private function status(): void
    {
        $codebase = $this->codebase();
        $status = ['drupal-version' => $codebase->coreVersion()];
        $status += $this->siteStatus();
        $status += [
            'php-bin' => PHP_BINARY, 'php-os' => PHP_OS, 'php-version' => PHP_VERSION,
            'php-conf' => array_filter([php_ini_loaded_file() ?: null]),
            'drush-script' => realpath($_SERVER['SCRIPT_FILENAME'] ?? '') ?: ($_SERVER['SCRIPT_FILENAME'] ?? ''),
            'drush-version' => self::DRUSH_VERSION, 'drush-temp' => sys_get_temp_dir(),
            'drush-conf' => [], 'drush-alias-files' => [], 'alias-searchpaths' => [],
            'root' => $codebase->docroot,
        ];
        $status += $this->sitePaths();
        $status['%paths'] = array_combine(array_map(fn ($k) => "%$k", array_keys($this->sitePaths())),
            array_values($this->sitePaths())) + ['%root' => $codebase->docroot];
        $this->print($this->onlyFields($status), fn ($data) => $this->keyValueLines($data));
    }

    /** Keys appear only when their condition holds: a settings file, a connected and installed database. */
    private function siteStatus(): array
    {
        $site = $this->site();
        if (!is_file($site->settingsFile())) {
            return [];
        }
        $status = ['drupal-settings-file' => $site->sitePath . '/settings.php', 'uri' => $this->uri()];
        $spec = $site->settings()['databases']['default']['default'] ?? null;
        if ($spec !== null) {
            $status += ['db-driver' => $spec['driver'] ?? null, 'db-hostname' => $spec['host'] ?? null,
                'db-port' => (string) ($spec['port'] ?? ''), 'db-username' => $spec['username'] ?? null,
                'db-password' => $spec['password'] ?? null, 'db-name' => $spec['database'] ?? null];
        }
        if ($site->isInstalled()) {
            $theme = $site->config('system.theme');
            $status += ['install-profile' => $site->config('core.extension')['profile'] ?? null,
                'db-status' => 'Connected', 'bootstrap' => 'Successful',
                'theme' => $theme['default'] ?? null, 'admin-theme' => $theme['admin'] ?? null];
        }
        return $status;
    }

    private function sitePaths(): array
    {
        $site = $this->site();
        if (!is_file($site->settingsFile())) {
            return [];
        }
        return array_filter(['site' => $site->sitePath, 'files' => $site->publicFilesPath(),
            'private' => $site->setting('file_private_path'), 'temp' => $site->setting('file_temp_path'),
            'config-sync' => $site->setting('config_sync_directory')], fn ($v) => $v !== null);
    }

    private function onlyFields(array $data): array
    {
        $fields = $this->option('fields');
        if (!is_string($fields) || $fields === '') {
            return $data;
        }
        $wanted = array_map('trim', explode(',', $fields));
        return array_intersect_key($data, array_flip($wanted));
    }

    private function keyValueLines(array $data): void
    {
        foreach ($data as $key => $value) {
            if ($key !== '%paths') {
                $this->out->line(str_pad($key, 20) . ' : ' . (is_array($value) ? implode(' ', $value) : $value));
            }
        }
    }

    private function print(array $data, callable $table): void
    {
        $format = $this->option('format', 'table');
        if ($format === 'json') {
            $this->out->json($data);
        } elseif ($format === 'table' || $format === 'string') {
            $table($data);
        } else {
            throw new Failure("The format \"$format\" is not supported by this example (use json).");
        }
    }

    private function pmList(): void
    {
        $site = $this->bootedSite();
        $types = explode(',', strtolower((string) $this->option('type', 'module,theme')));
        $statuses = explode(',', strtolower((string) $this->option('status', 'enabled,disabled')));
        $enabled = $site->enabled();
        $core = $site->codebase->coreVersion();
        $rows = [];
        foreach ($site->codebase->extensions() as $name => $extension) {
            $status = in_array($name, $enabled, true) ? 'Enabled' : 'Disabled';
            if (!in_array($extension->type, $types, true) || !in_array(strtolower($status), $statuses, true)) {
                continue;
            }
            if ($this->option('core') === true && !$extension->isCore()
                || $this->option('no-core') === true && $extension->isCore()) {
                continue;
            }
            $rows[$name] = [
                'package' => (string) ($extension->info['package'] ?? 'Other'),
                'project' => (string) ($extension->info['project'] ?? ''),
                'display_name' => $extension->label() . " ($name)",
                'name' => $name,
                'type' => $extension->type,
                'path' => $extension->path,
                'status' => $status,
                'version' => $extension->version($core),
            ];
        }
        $this->print($rows, fn ($data) => $this->out->table(['Package', 'Name', 'Status', 'Version'],
            array_map(fn ($r) => [$r['package'], $r['display_name'], $r['status'], $r['version']], $data)));
    }

    private function phpEval(string $code): void
    {
        $this->bootedSite();
        $result = eval($code . ';');
        if ($result !== null) {
            $this->out->line(is_scalar($result) ? (string) $result : json_encode($result));
        }
    }

    private function updatedb(): void
    {
        $site = $this->bootedSite();
        $updates = new Updates($site, $this->out);
        $pending = $updates->pending();
        if (!$pending) {
            $this->out->success('No pending updates.');
            return;
        }
        $this->out->table(['Module', 'Update ID', 'Type', 'Description'],
            array_map(fn ($u) => [$u['module'], $u['update_id'], $u['type'], $u['description']], $pending));
        if (!$this->confirm('Do you wish to run the specified pending updates?')) {
            throw new Failure('Cancelled.');
        }
        $updates->run($pending);
        if ($this->option('cache-clear', true) !== false) {
            $this->clearCaches($site);
        }
        $this->out->success('Finished performing updates.');
    }

    private function updatedbStatus(): void
    {
        $pending = (new Updates($this->bootedSite(), $this->out))->pending();
        if (!$pending) {
            $this->out->success('No database updates required.');
            return;
        }
        $this->print($pending, fn ($data) => $this->out->table(['Module', 'Update ID', 'Type', 'Description'],
            array_map('array_values', $data)));
    }

    private function userLogin(?string $path): void
    {
        $site = $this->bootedSite();
        $account = $this->account($site);
        $base = str_contains($this->uri(), '://') ? $this->uri() : 'http://' . $this->uri();
        $url = (new LoginLinks($site))->issue($account, $base, time());
        $this->out->line($path ? $url . '?destination=' . urlencode($path) : $url);
    }

    private function account(Site $site): array
    {
        [$column, $value, $what] = match (true) {
            $this->option('name') !== null => ['name', $this->option('name'), 'name'],
            $this->option('mail') !== null => ['mail', $this->option('mail'), 'mail'],
            default => ['uid', (int) $this->option('uid', 1), 'uid'],
        };
        $account = $site->database()->query("SELECT uid, name, mail, pass, login, status FROM users WHERE $column = ?",
            [$value])->fetch();
        if (!$account || (int) $account['uid'] === 0) {
            throw new Failure("Unable to load user by $what: $value");
        }
        if (!$account['status']) {
            throw new Failure("Account {$account['name']} is blocked and thus cannot login. The user:unblock command may be helpful.");
        }
        return $account;
    }

    private function stateGet(string $key): void
    {
        $value = (new State($this->bootedSite()))->get($key);
        if ($value !== null) {
            $this->out->line(is_scalar($value) ? (string) $value : json_encode($value));
        }
    }

    private function stateSet(string $key, ?string $value): void
    {
        if ($key === '' || $value === null) {
            throw new Failure('state:set needs a key and a value.');
        }
        $typed = match ($this->option('input-format', 'auto')) {
            'integer' => (int) $value,
            'float' => (float) $value,
            'boolean' => filter_var($value, FILTER_VALIDATE_BOOLEAN),
            'json' => json_decode($value, true),
            'string' => $value,
            'auto' => is_numeric($value) ? $value + 0 : $value,
            default => throw new Failure('Unknown --input-format ' . $this->option('input-format')),
        };
        (new State($this->bootedSite()))->set($key, $typed);
    }

    /**
     * What Drupal's cron service does that one can see: runs the installed modules' cron (here, nothing
     * more) and records the time in the state system.cron_last. Silent, as drush is without -v.
     */
    private function cron(): void
    {
        $site = $this->bootedSite();
        (new State($site))->set('system.cron_last', time());
    }

    private function cacheRebuild(): void
    {
        $this->clearCaches($this->bootedSite());
        $this->out->success('Cache rebuild complete.');
    }

    private function clearCaches(Site $site): void
    {
        $site->database()->query('DELETE FROM cache_default');
    }

    private function sqlQuery(string $query): void
    {
        $site = $this->site();
        try {
            $statement = $site->database()->query($query);
        } catch (\PDOException $e) {
            $this->out->log('debug', $e->getMessage());
            throw new Failure('Query failed. Rerun with --debug to see any error message.');
        }
        if ($statement->columnCount() > 0) {
            foreach ($statement->fetchAll(\PDO::FETCH_NUM) as $row) {
                $this->out->line(implode("\t", $row));
            }
        }
    }

    private function version(): void
    {
        $this->print(['drush-version' => self::DRUSH_VERSION],
            fn ($data) => $this->out->line('Drush version : ' . self::DRUSH_VERSION));
    }
}
