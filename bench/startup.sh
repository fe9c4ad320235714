#!/usr/bin/env bash
# Start-up benchmark: seconds from starting the panel to /actuator/health UP, and the panel's RSS after
# start, on the embedded PostgreSQL default (first start: empty home; restart: same home).
#   bench/run startup [--runs N] [--cds] [--jar FILE] [--jvm-options FILE|none]
# The panel starts through bin/bosun, as installed: with its memory settings (config/jvm.options unless
# --jvm-options says otherwise; "none": the JVM's defaults) and without the class data sharing archive;
# --cds starts it with the archive (made once before the runs, not timed).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3
cds=false
jar=
jvm_options=
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --cds) cds=true; shift ;;
        --jar) jar="$2"; shift 2 ;;
        --jvm-options) jvm_options="$2"; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

[ -n "$jar" ] || jar=$(ls target/bosun-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
if [ -z "$jar" ]; then
    ./mvnw -q -B -DskipTests package >&2
    jar=$(ls target/bosun-*.jar | grep -v original | head -n 1)
fi
[ -z "$jvm_options" ] || export BOSUN_JVM_OPTIONS="$jvm_options"
cds_mode=off
[ "$cds" = false ] || cds_mode=on

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

measure() { # home -> prints "seconds rss_mb"
    local home="$1" port pid start end rss
    port=$(free_port)
    start=$(date +%s.%N)
    # bin/bosun ends in exec java: $! is the panel's JVM.
    BOSUN_HOME="$home" BOSUN_ADMIN_PASSWORD=bench-password-1 BOSUN_JAR="$jar" BOSUN_CDS_DIR="$work/cds" \
        BOSUN_CDS="$cds_mode" bin/bosun --server.port="$port" >"$home.log" 2>&1 &
    pid=$!
    until curl -fsS "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"UP"'; do
        kill -0 "$pid" 2>/dev/null || { echo "panel died, see $home.log" >&2; exit 1; }
        sleep 0.1
    done
    end=$(date +%s.%N)
    sleep 2
    rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status")
    kill "$pid"; wait "$pid" 2>/dev/null || true
    echo "$(echo "$end - $start" | bc) $rss"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ "$cds" = true ]; then
    BOSUN_JAR="$jar" BOSUN_CDS_DIR="$work/cds" bin/bosun --train
fi
first=() restart=() rss=() copied=0
for i in $(seq 1 "$runs"); do
    read -r s r < <(measure "$work/home$i"); first+=("$s"); rss+=("$r")
    # With the archive, bin/bosun keeps initdb's output beside it and a first start copies it (docs/operations.md).
    if grep -q "from the template" "$work/home$i.log"; then copied=$((copied + 1)); fi
    read -r s r < <(measure "$work/home$i"); restart+=("$s"); rss+=("$r")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "runs=$runs"
echo "cds=$cds"
echo "jvm_options=${jvm_options:-default}"
echo "startup_first_s=$(median "${first[@]}")"
echo "startup_restart_s=$(median "${restart[@]}")"
echo "rss_after_start_mb=$(median "${rss[@]}")"
echo "first_starts_from_template=$copied"
echo "java=$(java -version 2>&1 | head -n 1 | tr -d '\"' | tr ' ' '_')"
