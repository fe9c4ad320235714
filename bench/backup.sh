#!/usr/bin/env bash
# Backup benchmark: Bosun's archive engine (site folder + streamed mariadb-dump into one .tar.gz)
# against GNU `tar czf` + `mariadb-dump` one after the other, and restore (unpack + import)
# against `tar xzf` + `mariadb < dump.sql`, on a generated site folder and a MariaDB database.
#   bench/run backup [--size-mb N] [--level L] [--threads T] [--keep]
# --size-mb: site folder size (default 1000 MB in 20,000 files, half text, half random bytes);
# the database is a fifth of it (default 200 MB of dump). MariaDB at 127.0.0.1:3306, admin
# root (BOSUN_BENCH_DB_ADMIN_USER / _PASSWORD to change); the benchmark's own user gets a random
# password that only ever sits in a 0600 defaults file, deleted at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=1000 level=6 threads=0 keep=false
while [ $# -gt 0 ]; do
    case "$1" in
        --size-mb) size_mb="$2"; shift 2 ;;
        --level) level="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --keep) keep=true; shift ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
db_mb=$(( size_mb / 5 ))
files=$(( size_mb * 20 ))
[ "$files" -ge 100 ] || files=100

work=$(mktemp -d "${TMPDIR:-/tmp}/bosun-bench-backup.XXXXXX")
admin_defaults="$work/admin.cnf" bench_defaults="$work/bench.cnf"
umask 077
printf '[client]\nhost=127.0.0.1\nport=3306\nuser=%s\npassword=%s\n' \
    "${BOSUN_BENCH_DB_ADMIN_USER:-root}" "${BOSUN_BENCH_DB_ADMIN_PASSWORD:-}" > "$admin_defaults"
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
printf '[client]\nhost=127.0.0.1\nport=3306\nuser=bosun_bench\npassword=%s\n' "$password" > "$bench_defaults"
unset password
sql() { mariadb --defaults-extra-file="$admin_defaults" -N -e "$1"; }
cleanup() {
    sql "DROP DATABASE IF EXISTS bosun_bench; DROP DATABASE IF EXISTS bosun_bench_r1; DROP DATABASE IF EXISTS bosun_bench_r2; DROP USER IF EXISTS 'bosun_bench'@'127.0.0.1';" || true
    rm -f "$admin_defaults" "$bench_defaults"
    if [ "$keep" = true ]; then echo "kept=$work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

log() { printf '# %s\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc; }

log "building a ${size_mb} MB site folder in ${files} files and a ${db_mb} MB database"
python3 - "$work/site" "$size_mb" "$files" <<'PY'
import os, random, sys
root, size_mb, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(8)
words = [''.join(random.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(random.randint(2, 10))) for _ in range(5000)]
per_file = size_mb * 1024 * 1024 // files
os.makedirs(os.path.join(root, 'files'))
with open(os.path.join(root, 'settings.php'), 'w') as f:
    f.write("<?php\n$settings['hash_salt'] = 'bench';\n")
for i in range(files):
    folder = os.path.join(root, 'files', 'd%03d' % (i % 200))
    os.makedirs(folder, exist_ok=True)
    size = max(1, int(per_file * random.uniform(0.2, 1.8)))
    if i % 2:
        with open(os.path.join(folder, 'f%05d.bin' % i), 'wb') as f:
            f.write(os.urandom(size))
    else:
        text = []
        length = 0
        while length < size:
            line = ' '.join(random.choices(words, k=12)) + '\n'
            text.append(line)
            length += len(line)
        with open(os.path.join(folder, 'f%05d.txt' % i), 'w') as f:
            f.write(''.join(text)[:size])
PY
sql "DROP DATABASE IF EXISTS bosun_bench; CREATE DATABASE bosun_bench; CREATE DATABASE IF NOT EXISTS bosun_bench_r1; CREATE DATABASE IF NOT EXISTS bosun_bench_r2;
     DROP USER IF EXISTS 'bosun_bench'@'127.0.0.1';
     CREATE USER 'bosun_bench'@'127.0.0.1' IDENTIFIED BY '$(sed -n 's/^password=//p' "$bench_defaults")';
     GRANT ALL ON bosun_bench.* TO 'bosun_bench'@'127.0.0.1'; GRANT ALL ON bosun_bench_r1.* TO 'bosun_bench'@'127.0.0.1';
     GRANT ALL ON bosun_bench_r2.* TO 'bosun_bench'@'127.0.0.1';"
python3 - "$db_mb" <<'PY' | mariadb --defaults-extra-file="$bench_defaults" bosun_bench
import random, sys
random.seed(9)
target = int(sys.argv[1]) * 1024 * 1024
words = [''.join(random.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(random.randint(2, 10))) for _ in range(3000)]
print("CREATE TABLE node (nid INT PRIMARY KEY, title VARCHAR(255), body MEDIUMTEXT, created INT) ENGINE=InnoDB;")
written, nid = 0, 0
while written < target:
    rows = []
    for _ in range(200):
        nid += 1
        body = ' '.join(random.choices(words, k=random.randint(50, 400)))
        rows.append("(%d,'%s','%s',%d)" % (nid, ' '.join(random.choices(words, k=6)), body, 1700000000 + nid))
    statement = "INSERT INTO node VALUES " + ','.join(rows) + ";"
    written += len(statement)
    print(statement)
PY

log "building the test classpath"
./mvnw -q -B -o test-compile >&2
./mvnw -q -B -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
bosun() { java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" dev.bosun.bench.BackupBench "$@"; }
value() { sed -n "s/^$1=//p"; }

# CPU seconds (user + system) of a command and its children, written to $cpu_file.
cpu_file="$work/cpu"
timed() { /usr/bin/time -f '%U %S' -o "$cpu_file" "$@"; }
cpu() { awk '{printf "%.2f", $1 + $2}' "$cpu_file"; }
load_before=$(cut -d' ' -f1 /proc/loadavg)

log "GNU tar czf + mariadb-dump, one after the other"
sync
start=$(now)
timed sh -c 'tar czf "$1/gnu.tar.gz" -C "$1/site" . && mariadb-dump --defaults-extra-file="$2" --single-transaction bosun_bench > "$1/dump.sql"' \
    sh "$work" "$bench_defaults"
tar_gzip_dump_s=$(elapsed "$start")
tar_gzip_dump_cpu_s=$(cpu)

log "Bosun: folder and streamed dump into one archive"
sync
mkdir -p "$work/backups"
out=$(timed java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" dev.bosun.bench.BackupBench \
    backup --site "$work/site" --out "$work/backups" --domain bench.example.com \
    --defaults-file "$bench_defaults" --database bosun_bench --level "$level" --threads "$threads")
backup_s=$(echo "$out" | value seconds)
backup_cpu_s=$(cpu)
archive=$(echo "$out" | value archive)

log "GNU tar xzf + mariadb < dump.sql"
mkdir -p "$work/gnu-restore"
sync
start=$(now)
timed sh -c 'tar xzf "$1/gnu.tar.gz" -C "$1/gnu-restore" && mariadb --defaults-extra-file="$2" bosun_bench_r1 < "$1/dump.sql"' \
    sh "$work" "$bench_defaults"
tar_gunzip_import_s=$(elapsed "$start")
tar_gunzip_import_cpu_s=$(cpu)

log "Bosun: unpack with database.sql streamed into the import"
sync
out=$(bosun restore --archive "$archive" --target "$work/bosun-restore" --defaults-file "$bench_defaults" \
    --database bosun_bench_r2)
restore_s=$(echo "$out" | value seconds)
verify_s=$(echo "$out" | value verify_seconds)

rows=$(sql "SELECT (SELECT count(*) FROM bosun_bench.node) = (SELECT count(*) FROM bosun_bench_r2.node)")
[ "$rows" = 1 ] || { echo "restored database differs" >&2; exit 1; }
diff -r "$work/site" "$work/bosun-restore" >/dev/null || { echo "restored folder differs" >&2; exit 1; }

ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
echo "size_mb=$size_mb"
echo "files=$files"
echo "database_mb=$db_mb"
echo "level=$level"
echo "threads=$threads"
echo "cores=$(nproc)"
echo "load_before=$load_before"
echo "archive_mb=$(( $(stat -c %s "$archive") / 1048576 ))"
echo "gnu_archive_plus_dump_mb=$(( ($(stat -c %s "$work/gnu.tar.gz") + $(stat -c %s "$work/dump.sql")) / 1048576 ))"
echo "backup_s=$backup_s"
echo "tar_gzip_dump_s=$(printf '%.2f' "$tar_gzip_dump_s")"
echo "backup_ratio=$(ratio "$backup_s" "$tar_gzip_dump_s")"
echo "restore_s=$restore_s"
echo "tar_gunzip_import_s=$(printf '%.2f' "$tar_gunzip_import_s")"
echo "restore_ratio=$(ratio "$restore_s" "$tar_gunzip_import_s")"
echo "backup_cpu_s=$backup_cpu_s"
echo "tar_gzip_dump_cpu_s=$tar_gzip_dump_cpu_s"
echo "tar_gunzip_import_cpu_s=$tar_gunzip_import_cpu_s"
echo "verify_s=$verify_s"
