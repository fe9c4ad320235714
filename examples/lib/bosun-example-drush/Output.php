<?php

namespace BosunExample;

/** Results on stdout, log lines on stderr as " [level] message", the way drush prints them. */
final class Output
{
    public function __construct(private readonly bool $verbose = false)
    {
    }

    public function write(string $text): void
    {
        fwrite(STDOUT, $text);
    }

    public function line(string $text): void
    {
        $this->write($text . "\n");
    }

    /** --format=json: pretty, slashes unescaped, as consolidation/output-formatters writes it. */
    public function json($data): void
    {
        $this->line(json_encode($data, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES));
    }

    /** A Symfony-style table with a header row. */
    public function table(array $header, array $rows): void
    {
        $widths = array_map('strlen', $header);
        foreach ($rows as $row) {
            foreach (array_values($row) as $i => $cell) {
                $widths[$i] = max($widths[$i], strlen((string) $cell));
            }
        }
        $rule = ' ' . implode(' ', array_map(fn ($w) => str_repeat('-', $w + 2), $widths)) . ' ';
        $format = fn ($cells) => ' ' . implode(' ', array_map(fn ($c, $w) => ' ' . str_pad((string) $c, $w) . ' ',
            array_values($cells), $widths)) . ' ';
        $this->line($rule);
        $this->line($format($header));
        $this->line($rule);
        foreach ($rows as $row) {
            $this->line($format($row));
        }
        $this->line($rule);
    }

    public function log(string $level, string $message): void
    {
        if ($level === 'info' && !$this->verbose) {
            return;
        }
        fwrite(STDERR, " [$level] $message\n");
    }

    public function notice(string $message): void
    {
        $this->log('notice', $message);
    }

    public function success(string $message): void
    {
        $this->log('success', $message);
    }

    public function warning(string $message): void
    {
        $this->log('warning', $message);
    }

    public function error(string $message): void
    {
        $this->log('error', $message);
    }
}
