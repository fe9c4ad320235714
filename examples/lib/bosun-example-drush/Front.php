<?php

namespace BosunExample;

/**
 * The example platforms' web/index.php: finds the site for the requested host, reads its
 * settings.php and database, and answers with the site name, installed schema versions and
 * maintenance state (as HTML, or as JSON at /bosun-example/status.json), or redeems a
 * one-time login link at /user/reset/{uid}/{timestamp}/{hash}/login.
 */
final class Front
{
    public static function handle(string $docroot): void
    {
        try {
            self::respond($docroot);
        } catch (\Throwable $e) {
            error_log('Bosun example platform: ' . $e->getMessage());
            self::page(500, 'Error', 'The website encountered an unexpected error: ' . $e->getMessage());
        }
    }

    private static function respond(string $docroot): void
    {
        $host = strtolower($_SERVER['HTTP_HOST'] ?? 'default');
        $site = Site::forUri(Codebase::locate($docroot, $docroot), $host);
        if (!is_file($site->settingsFile())) {
            self::page(404, 'No site', "No site is installed for $host on this example platform.");
            return;
        }
        if (!self::trusted($site, preg_replace('/:\d+$/', '', $host))) {
            self::page(400, 'Bad request', 'The provided host name is not valid for this server.');
            return;
        }
        Services::boot($site);
        if (!$site->isInstalled()) {
            self::page(500, 'Not installed', "The site {$site->sitePath} has settings but no installed database.");
            return;
        }
        $path = parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH) ?: '/';
        if (preg_match('#^/user/reset/(\d+)/(\d+)/([A-Za-z0-9_-]+)/login$#', $path, $m)) {
            self::login($site, (int) $m[1], (int) $m[2], $m[3]);
        } elseif ($path === '/bosun-example/status.json') {
            self::json($site);
        } elseif ($site->maintenanceMode()) {
            $name = $site->config('system.site')['name'] ?? 'Site';
            self::page(503, 'Site under maintenance',
                "$name is currently under maintenance. We should be back shortly. Thank you for your patience.");
        } else {
            self::home($site);
        }
    }

    private static function trusted(Site $site, string $host): bool
    {
        $patterns = $site->setting('trusted_host_patterns', []);
        if (!$patterns) {
            return true;
        }
        foreach ($patterns as $pattern) {
            if (preg_match('{' . $pattern . '}i', $host)) {
                return true;
            }
        }
        return false;
    }

    private static function login(Site $site, int $uid, int $timestamp, string $hash): void
    {
        if ((new LoginLinks($site))->redeem($uid, $timestamp, $hash, time())) {
            self::page(200, 'Logged in', 'You have just used your one-time login link. '
                . 'It is no longer necessary to use this link to log in.');
        } else {
            self::page(403, 'Access denied', 'You have tried to use a one-time login link that has either been used '
                . 'or is no longer valid. Please request a new one using the form below.');
        }
    }

    private static function facts(Site $site): array
    {
        return [
            'site_name' => $site->config('system.site')['name'] ?? '',
            'site_path' => $site->sitePath,
            'drupal_version' => $site->codebase->coreVersion(),
            'install_profile' => $site->config('core.extension')['profile'] ?? null,
            'maintenance_mode' => $site->maintenanceMode(),
            'schema' => array_map('intval', $site->keyValues('system.schema')),
            'files' => $site->database()->query('SELECT uri FROM file_managed ORDER BY fid')->fetchAll(\PDO::FETCH_COLUMN),
        ];
    }

    private static function json(Site $site): void
    {
        http_response_code(200);
        header('Content-Type: application/json');
        echo json_encode(self::facts($site), JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
    }

    private static function home(Site $site): void
    {
        $facts = self::facts($site);
        $rows = '';
        foreach ($facts['schema'] as $module => $version) {
            $rows .= '<tr><td>' . self::e($module) . '</td><td>' . $version . "</td></tr>\n";
        }
        $body = '<p>Drupal ' . self::e($facts['drupal_version']) . ' (example platform), profile '
            . self::e((string) $facts['install_profile']) . ', site directory ' . self::e($facts['site_path'])
            . ".</p>\n<p>Maintenance mode: off</p>\n<table><caption>Installed schema versions</caption>"
            . "<tr><th>Module</th><th>Schema</th></tr>\n$rows</table>";
        self::page(200, $facts['site_name'], $body, true);
    }

    private static function page(int $status, string $title, string $body, bool $html = false): void
    {
        http_response_code($status);
        header('Content-Type: text/html; charset=utf-8');
        echo "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" . self::e($title)
            . "</title></head>\n<body><h1>" . self::e($title) . "</h1>\n"
            . ($html ? $body : '<p>' . self::e($body) . '</p>')
            . "\n<footer>Example platform for Bosun, not Drupal.</footer></body></html>\n";
    }

    private static function e(string $text): string
    {
        return htmlspecialchars($text, ENT_QUOTES);
    }
}
