<?php

namespace BosunExample;

/** Pending hook_update_N() functions of a site's installed modules, and running them (updatedb). */
final class Updates
{
    public function __construct(private readonly Site $site, private readonly Output $out)
    {
    }

    /**
     * @return array<string, array{module: string, update_id: int, description: string, type: string}>
     *         keyed "MODULE_update_N", system first, then by module name and N
     */
    public function pending(): array
    {
        $modules = array_keys($this->site->config('core.extension')['module'] ?? []);
        usort($modules, fn ($a, $b) => [$a !== 'system', $a] <=> [$b !== 'system', $b]);
        $pending = [];
        foreach ($modules as $name) {
            $module = $this->site->codebase->extension($name);
            if ($module === null) {
                continue;
            }
            $installed = (int) $this->site->keyValue('system.schema', $name);
            foreach ($module->updateNumbers() as $number) {
                if ($number > $installed) {
                    $module->loadInstallFile();
                    $function = "{$name}_update_$number";
                    $pending[$function] = ['module' => $name, 'update_id' => $number,
                        'description' => $number . ' - ' . self::summary($function), 'type' => 'hook_update_n'];
                }
            }
        }
        return $pending;
    }

    /** Drupal describes an update by the first line of its doc comment. */
    private static function summary(string $function): string
    {
        if (!function_exists($function)) {
            return '';
        }
        $doc = (new \ReflectionFunction($function))->getDocComment() ?: '';
        foreach (preg_split('/\R/', $doc) as $line) {
            $text = trim(preg_replace('#^\s*(/\*\*|\*/|\*)#', '', $line));
            if ($text !== '') {
                return $text;
            }
        }
        return '';
    }

    /** Runs the pending updates in maintenance mode; the site's previous mode is restored afterwards. */
    public function run(array $pending): void
    {
        $wasInMaintenance = $this->site->maintenanceMode();
        $this->site->setKeyValue('state', 'system.maintenance_mode', 1);
        try {
            foreach ($pending as $function => $update) {
                $this->runOne($function, $update);
            }
        } finally {
            $this->site->setKeyValue('state', 'system.maintenance_mode', $wasInMaintenance ? 1 : 0);
        }
    }

    private function runOne(string $function, array $update): void
    {
        $this->out->notice("Update started: $function");
        try {
            $sandbox = [];
            $message = $function($sandbox);
        } catch (\Throwable $e) {
            $this->out->error($e->getMessage());
            $this->out->error("Update failed: $function");
            $this->out->error("Update aborted by: $function");
            $this->out->error('Finished performing updates.');
            throw new Aborted();
        }
        if (is_string($message) && $message !== '') {
            $this->out->notice($message);
        }
        $this->site->setKeyValue('system.schema', $update['module'], $update['update_id']);
        $this->out->notice("Update completed: $function");
    }
}
