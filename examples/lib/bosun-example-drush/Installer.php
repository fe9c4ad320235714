<?php

namespace BosunExample;

/**
 * site:install: drops every table of the site's database, creates this example's tables,
 * installs the profile's modules (recording each one's schema version as Drupal does),
 * its themes, the site's configuration and the administrator account.
 */
final class Installer
{
    public function __construct(private readonly Site $site, private readonly Output $out)
    {
    }

    /** @return string the administrator's password */
    public function install(string $profile, array $options): string
    {
        $codebase = $this->site->codebase;
        $extension = $codebase->extension($profile);
        if ($extension === null || $extension->type !== 'profile') {
            throw new Failure("The profile $profile does not exist.");
        }
        $db = $this->site->database();
        $modules = $this->modulesFor($extension, $db->driver);
        $this->out->notice('Starting Drupal installation. This takes a while.');
        $db->dropAllTables();
        Schema::create($db);
        $this->out->notice('Performed install task: install_select_language');
        $this->installModules($modules, $profile);
        $this->out->notice('Performed install task: install_profile_modules');
        $this->installThemes($extension);
        $this->out->notice('Performed install task: install_profile_themes');
        $password = $options['account-pass'] ?? self::randomPassword();
        $this->configure($profile, $options, $password);
        $this->out->notice('Performed install task: install_configure_form');
        return $password;
    }

    /** system and user first, then the profile's dependencies and install list, the DB driver, the profile last. */
    private function modulesFor(Extension $profile, string $driver): array
    {
        $wanted = array_merge(['system', 'user', $driver],
            self::names($profile->info['dependencies'] ?? []), self::names($profile->info['install'] ?? []));
        $ordered = [];
        foreach ($wanted as $name) {
            $this->addWithDependencies($name, $ordered, []);
        }
        $ordered[$profile->name] = $profile;
        return $ordered;
    }

    private function addWithDependencies(string $name, array &$ordered, array $path): void
    {
        if (isset($ordered[$name])) {
            return;
        }
        $module = $this->site->codebase->extension($name);
        if ($module === null || $module->type !== 'module') {
            $needed = $path ? ' (needed by ' . end($path) . ')' : '';
            throw new Failure("Unable to install modules: module $name is missing from the codebase$needed.");
        }
        foreach (self::names($module->info['dependencies'] ?? []) as $dependency) {
            if (!in_array($dependency, $path, true)) {
                $this->addWithDependencies($dependency, $ordered, [...$path, $name]);
            }
        }
        $ordered[$name] = $module;
    }

    /** "drupal:node" and "node" both name the module node. */
    private static function names(array $list): array
    {
        return array_values(array_map(fn ($entry) => preg_replace('/^.*:/', '', preg_replace('/\s*\(.*$/', '', $entry)),
            array_filter($list, 'is_string')));
    }

    private function installModules(array $modules, string $profile): void
    {
        $enabled = [];
        foreach ($modules as $name => $module) {
            $this->site->setKeyValue('system.schema', $name, $module->installSchema());
            $module->loadInstallFile();
            if (function_exists($name . '_install')) {
                call_user_func($name . '_install', false);
            }
            $enabled[$name] = $name === $profile ? 1000 : 0;
        }
        $this->site->setConfig('core.extension', ['module' => $enabled, 'theme' => [], 'profile' => $profile]);
    }

    private function installThemes(Extension $profile): void
    {
        $themes = self::names($profile->info['themes'] ?? ['stark']);
        $installed = [];
        foreach ($themes as $theme) {
            $this->addThemeWithBase($theme, $installed);
        }
        $extension = $this->site->config('core.extension');
        $extension['theme'] = array_fill_keys($installed, 0);
        $this->site->setConfig('core.extension', $extension);
        $this->site->setConfig('system.theme', ['default' => $themes[0], 'admin' => $themes[1] ?? $themes[0]]);
    }

    /** A theme needs its base theme ("base theme: claro") installed as well. */
    private function addThemeWithBase(string $name, array &$installed): void
    {
        $theme = $this->site->codebase->extension($name);
        if ($theme === null || $theme->type !== 'theme') {
            throw new Failure("Unable to install theme $name: it is missing from the codebase.");
        }
        $base = $theme->info['base theme'] ?? false;
        if (is_string($base) && !in_array($base, $installed, true)) {
            $this->addThemeWithBase($base, $installed);
        }
        if (!in_array($name, $installed, true)) {
            $installed[] = $name;
        }
    }

    private function configure(string $profile, array $options, string $password): void
    {
        $now = time();
        $this->site->setConfig('system.site', [
            'uuid' => bin2hex(random_bytes(16)),
            'name' => $options['site-name'] ?? 'Drush Site-Install',
            'mail' => $options['site-mail'] ?? 'admin@example.com',
            'langcode' => $options['locale'] ?? 'en',
        ]);
        $db = $this->site->database();
        $db->query('INSERT INTO users (uid, name, mail, pass, status, created, login) VALUES (0, ?, NULL, NULL, 0, ?, 0)',
            ['', $now]);
        $db->query('INSERT INTO users (uid, name, mail, pass, status, created, login) VALUES (1, ?, ?, ?, 1, ?, 0)',
            [$options['account-name'] ?? 'admin', $options['account-mail'] ?? 'admin@example.com',
                password_hash($password, PASSWORD_DEFAULT), $now]);
        $this->site->setKeyValue('state', 'system.maintenance_mode', 0);
        $this->createFiles($now);
    }

    /** A public file, recorded once as a public:// URI and once as a path under the site directory. */
    private function createFiles(int $now): void
    {
        $path = $this->site->publicFilesPath();
        $directory = $this->site->codebase->docroot . '/' . $path;
        if (!is_dir($directory) && !@mkdir($directory, 0775, true)) {
            throw new Failure("Cannot create the public files directory $directory.");
        }
        file_put_contents($directory . '/welcome.txt', "Welcome to this example site.\n");
        $db = $this->site->database();
        $db->query('INSERT INTO file_managed (fid, uri, filename, created) VALUES (1, ?, ?, ?)',
            ['public://welcome.txt', 'welcome.txt', $now]);
        $db->query('INSERT INTO file_managed (fid, uri, filename, created) VALUES (2, ?, ?, ?)',
            [$path . '/welcome.txt', 'welcome.txt', $now]);
    }

    private static function randomPassword(): string
    {
        return rtrim(strtr(base64_encode(random_bytes(12)), '+/', 'xy'), '=');
    }
}
