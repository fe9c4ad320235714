<?php

namespace BosunExample;

/**
 * Reads the subset of YAML that Drupal *.info.yml files use: scalars, quoted strings,
 * block lists ("- item"), flow lists ("[a, b]") and one level of nested maps.
 * PHP's yaml extension is not assumed to be installed.
 */
final class InfoYaml
{
    public static function parseFile(string $file): array
    {
        $text = @file_get_contents($file);
        if ($text === false) {
            throw new \RuntimeException("Cannot read $file");
        }
        return self::parse($text);
    }

    public static function parse(string $text): array
    {
        $result = [];
        $key = null;
        foreach (preg_split('/\R/', $text) as $raw) {
            $line = rtrim($raw);
            if (trim($line) === '' || preg_match('/^\s*#/', $line)) {
                continue;
            }
            $indented = strlen($line) > strlen(ltrim($line));
            $trimmed = trim($line);
            if ($indented && $key !== null) {
                self::nested($result, $key, $trimmed);
                continue;
            }
            if (!preg_match('/^([^:]+):(.*)$/', $trimmed, $m)) {
                continue;
            }
            $key = trim($m[1]);
            $value = trim($m[2]);
            $result[$key] = $value === '' ? [] : self::scalar($value);
        }
        return $result;
    }

    private static function nested(array &$result, string $key, string $line): void
    {
        if (!is_array($result[$key])) {
            return;
        }
        if (str_starts_with($line, '- ') || $line === '-') {
            $result[$key][] = self::scalar(trim(substr($line, 1)));
        } elseif (preg_match('/^([^:]+):(.*)$/', $line, $m)) {
            $result[$key][trim($m[1])] = self::scalar(trim($m[2]));
        }
    }

    private static function scalar(string $value)
    {
        $value = preg_replace('/\s+#.*$/', '', $value);
        if (preg_match('/^\[(.*)\]$/', $value, $m)) {
            $items = trim($m[1]) === '' ? [] : array_map('trim', explode(',', $m[1]));
            return array_map([self::class, 'scalar'], $items);
        }
        if (preg_match('/^\'(.*)\'$/', $value, $m)) {
            return str_replace("''", "'", $m[1]);
        }
        if (preg_match('/^"(.*)"$/', $value, $m)) {
            return stripcslashes($m[1]);
        }
        return match (strtolower($value)) {
            'true' => true,
            'false' => false,
            'null', '~' => null,
            default => $value,
        };
    }
}
