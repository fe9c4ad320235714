<?php

namespace BosunExample;

/**
 * Command-line entry: drush's global options (--root, --uri, --yes, -v), its command names and
 * aliases, and the options each command accepts. An unknown option fails as it does in drush.
 */
final class Cli
{
    private const GLOBAL_OPTIONS = ['root', 'uri', 'yes', 'no', 'verbose', 'quiet', 'debug', 'no-interaction'];

    private const COMMANDS = [
        'site:install' => [['si', 'sin', 'site-install'], ['db-url', 'db-prefix', 'db-su', 'db-su-pw',
            'account-name', 'account-pass', 'account-mail', 'site-name', 'site-mail', 'locale', 'sites-subdir',
            'config-dir', 'existing-config']],
        'core:status' => [['status', 'st', 'core-status'], ['format', 'fields']],
        'pm:list' => [['pml', 'pm-list'], ['type', 'status', 'package', 'core', 'no-core', 'format', 'fields']],
        'php:eval' => [['ev', 'eval', 'php-eval'], ['format']],
        'updatedb' => [['updb'], ['cache-clear']],
        'updatedb:status' => [['updbst', 'updatedb-status'], ['format', 'fields']],
        'user:login' => [['uli', 'user-login'], ['uid', 'name', 'mail', 'browser', 'redirect-port']],
        'state:get' => [['sget', 'state-get'], ['format']],
        'state:set' => [['sset', 'state-set'], ['input-format']],
        'core:cron' => [['cron', 'core-cron'], []],
        'cache:rebuild' => [['cr', 'rebuild', 'cache-rebuild'], ['cache-clear']],
        'sql:query' => [['sqlq', 'sql-query'], ['extra', 'result-file', 'file', 'db-prefix']],
        'version' => [[], ['format']],
    ];

    public static function main(array $argv): int
    {
        $verbose = in_array('-v', $argv, true) || in_array('--verbose', $argv, true);
        $out = new Output($verbose);
        try {
            [$command, $arguments, $options] = self::parse(array_slice($argv, 1));
            (new Commands($out, $options, getcwd()))->run($command, $arguments);
            return 0;
        } catch (Aborted $e) {
            return 1;
        } catch (Failure $e) {
            $out->error($e->getMessage());
            return 1;
        } catch (\Throwable $e) {
            fwrite(STDERR, "\nIn " . basename($e->getFile()) . ' line ' . $e->getLine() . ":\n\n  "
                . $e->getMessage() . "\n\n");
            return 1;
        }
    }

    /** @return array{0: string, 1: list<string>, 2: array<string, mixed>} */
    public static function parse(array $tokens): array
    {
        $positional = [];
        $options = [];
        for ($i = 0; $i < count($tokens); $i++) {
            $token = $tokens[$i];
            if ($token === '-y') {
                $options['yes'] = true;
            } elseif ($token === '-v' || $token === '-vv' || $token === '-vvv') {
                $options['verbose'] = true;
            } elseif ($token === '-l' || $token === '-r') {
                $options[$token === '-l' ? 'uri' : 'root'] = $tokens[++$i] ?? '';
            } elseif (str_starts_with($token, '--')) {
                [$name, $value] = array_pad(explode('=', substr($token, 2), 2), 2, true);
                $options[$name] = $value;
            } else {
                $positional[] = $token;
            }
        }
        if (!$positional) {
            throw new Failure('No command given. This example implements: ' . implode(', ', array_keys(self::COMMANDS)) . '.');
        }
        $command = self::command(array_shift($positional));
        return [$command, $positional, self::checkOptions($command, $options)];
    }

    private static function command(string $name): string
    {
        foreach (self::COMMANDS as $command => [$aliases]) {
            if ($name === $command || in_array($name, $aliases, true)) {
                return $command;
            }
        }
        throw new Failure("Command \"$name\" is not defined in this example drush.");
    }

    /** "--no-browser" turns option "browser" off; anything not declared fails. */
    private static function checkOptions(string $command, array $options): array
    {
        $known = array_merge(self::GLOBAL_OPTIONS, self::COMMANDS[$command][1]);
        $checked = [];
        foreach ($options as $name => $value) {
            if (!in_array($name, $known, true) && str_starts_with($name, 'no-')
                && in_array(substr($name, 3), $known, true)) {
                $checked[substr($name, 3)] = false;
                continue;
            }
            if (!in_array($name, $known, true)) {
                throw new Failure("The \"--$name\" option does not exist.");
            }
            $checked[$name] = $value;
        }
        return $checked;
    }
}
