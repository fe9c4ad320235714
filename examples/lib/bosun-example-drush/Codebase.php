<?php

namespace BosunExample;

/**
 * A Drupal-shaped codebase: its docroot, core version and the extensions (modules, themes,
 * profiles) found in it, the way Drupal's ExtensionDiscovery finds them: *.info.yml files
 * outside "tests" directories and outside site directories other than sites/all.
 */
final class Codebase
{
    private ?array $extensions = null;

    private function __construct(public readonly string $docroot)
    {
    }

    /** The docroot given by --root, or the first directory upwards from $cwd that holds core/lib/Drupal.php. */
    public static function locate(?string $root, string $cwd): self
    {
        $candidates = [];
        if ($root !== null && $root !== '') {
            $base = str_starts_with($root, '/') ? $root : $cwd . '/' . $root;
            $candidates = [$base, $base . '/web', $base . '/docroot'];
        } else {
            for ($dir = $cwd; $dir !== '/' && $dir !== ''; $dir = dirname($dir)) {
                array_push($candidates, $dir, $dir . '/web');
            }
        }
        foreach ($candidates as $candidate) {
            if (is_file($candidate . '/core/lib/Drupal.php')) {
                return new self(realpath($candidate));
            }
        }
        throw new Failure('No Drupal root found' . ($root ? " at $root" : '')
            . ' (looked for core/lib/Drupal.php). Use --root to point at the docroot.');
    }

    public function coreVersion(): string
    {
        require_once $this->docroot . '/core/lib/Drupal.php';
        return \Drupal::VERSION;
    }

    /** @return array<string, Extension> keyed by machine name, sorted by name */
    public function extensions(): array
    {
        if ($this->extensions === null) {
            $this->extensions = $this->discover();
        }
        return $this->extensions;
    }

    public function extension(string $name): ?Extension
    {
        return $this->extensions()[$name] ?? null;
    }

    private function discover(): array
    {
        $found = [];
        foreach ($this->infoFiles() as $file) {
            $info = InfoYaml::parseFile($file);
            $type = $info['type'] ?? null;
            if (!in_array($type, ['module', 'theme', 'profile'], true)) {
                continue;
            }
            $name = basename($file, '.info.yml');
            $relative = substr(dirname($file), strlen($this->docroot) + 1);
            $candidate = new Extension($name, $type, $relative, $info, $this->docroot);
            if (!isset($found[$name]) || $found[$name]->isCore() && !$candidate->isCore()) {
                $found[$name] = $candidate;
            }
        }
        ksort($found);
        return $found;
    }

    private function infoFiles(): array
    {
        $directories = new \RecursiveDirectoryIterator($this->docroot, \FilesystemIterator::SKIP_DOTS);
        $filter = new \RecursiveCallbackFilterIterator($directories, function (\SplFileInfo $file) {
            if (!$file->isDir()) {
                return str_ends_with($file->getFilename(), '.info.yml');
            }
            $relative = substr($file->getPathname(), strlen($this->docroot) + 1);
            $skipped = in_array($file->getFilename(), ['tests', 'node_modules', 'vendor', '.git'], true);
            $otherSite = preg_match('#^sites/[^/]+$#', $relative) && $relative !== 'sites/all';
            return !$skipped && !$otherSite;
        });
        $files = [];
        foreach (new \RecursiveIteratorIterator($filter) as $file) {
            $files[] = $file->getPathname();
        }
        sort($files);
        return $files;
    }
}

/** One module, theme or profile of a codebase. */
final class Extension
{
    public function __construct(
        public readonly string $name,
        public readonly string $type,
        public readonly string $path,
        public readonly array $info,
        private readonly string $docroot,
    ) {
    }

    public function isCore(): bool
    {
        return str_starts_with($this->path, 'core/');
    }

    public function label(): string
    {
        return (string) ($this->info['name'] ?? $this->name);
    }

    /** The release version from info.yml; core extensions say VERSION, which is the core version. */
    public function version(string $coreVersion): ?string
    {
        $version = $this->info['version'] ?? null;
        return $version === 'VERSION' ? $coreVersion : ($version === null ? null : (string) $version);
    }

    public function installFile(): ?string
    {
        $file = $this->docroot . '/' . $this->path . '/' . $this->name . '.install';
        return is_file($file) ? $file : null;
    }

    /** The N of every MODULE_update_N() in MODULE.install, ascending, read without running the file. */
    public function updateNumbers(): array
    {
        $file = $this->installFile();
        if ($file === null) {
            return [];
        }
        preg_match_all('/function\s+' . preg_quote($this->name, '/') . '_update_(\d+)\s*\(/',
            file_get_contents($file), $matches);
        $numbers = array_map('intval', $matches[1]);
        sort($numbers);
        return $numbers;
    }

    /** What Drupal records as installed schema: max(last hook_update_N, 8000). */
    public function installSchema(): int
    {
        $numbers = $this->updateNumbers();
        return max(8000, $numbers ? end($numbers) : 0);
    }

    /** Loads MODULE.install so that its hooks can be called. */
    public function loadInstallFile(): void
    {
        $file = $this->installFile();
        if ($file !== null) {
            require_once $file;
        }
    }
}
