<?php

namespace BosunExample;

/** A site's database (MariaDB/MySQL or PostgreSQL) opened from settings.php's $databases entry. */
final class Database
{
    public readonly string $driver;
    private \PDO $pdo;

    public function __construct(public readonly array $spec)
    {
        $this->driver = (string) ($spec['driver'] ?? '');
        if (!in_array($this->driver, ['mysql', 'pgsql'], true)) {
            throw new Failure("Unsupported database driver '{$this->driver}' (this example speaks mysql and pgsql).");
        }
        $this->pdo = new \PDO($this->dsn(), (string) ($spec['username'] ?? ''), (string) ($spec['password'] ?? ''), [
            \PDO::ATTR_ERRMODE => \PDO::ERRMODE_EXCEPTION,
            \PDO::ATTR_DEFAULT_FETCH_MODE => \PDO::FETCH_ASSOC,
        ]);
    }

    private function dsn(): string
    {
        $host = $this->spec['host'] ?? 'localhost';
        $port = $this->spec['port'] ?? ($this->driver === 'mysql' ? '3306' : '5432');
        $name = $this->spec['database'] ?? '';
        $charset = $this->driver === 'mysql' ? ';charset=utf8mb4' : '';
        return "{$this->driver}:host=$host;port=$port;dbname=$name$charset";
    }

    public function name(): string
    {
        return (string) ($this->spec['database'] ?? '');
    }

    public function query(string $sql, array $args = []): \PDOStatement
    {
        $statement = $this->pdo->prepare($sql);
        $statement->execute($args);
        return $statement;
    }

    public function tables(): array
    {
        $sql = $this->driver === 'mysql'
            ? 'SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()'
            : 'SELECT tablename FROM pg_tables WHERE schemaname = current_schema()';
        return $this->query($sql)->fetchAll(\PDO::FETCH_COLUMN);
    }

    public function tableExists(string $table): bool
    {
        return in_array($table, $this->tables(), true);
    }

    public function dropAllTables(): void
    {
        foreach ($this->tables() as $table) {
            $this->pdo->exec('DROP TABLE ' . $table . ($this->driver === 'pgsql' ? ' CASCADE' : ''));
        }
    }

    public function transaction(callable $work)
    {
        $this->pdo->beginTransaction();
        try {
            $result = $work($this);
            $this->pdo->commit();
            return $result;
        } catch (\Throwable $e) {
            if ($this->pdo->inTransaction()) {
                $this->pdo->rollBack();
            }
            throw $e;
        }
    }
}
