#!/usr/bin/env bash
# Sightline (durable: storage.fsync=true) vs Zipkin 3.5.1 (STORAGE_TYPE=mem) on this machine, one
# after the other, with the same generated load (same seed): acknowledged spans/s, peak RSS
# (VmHWM of the server process), and trace-by-id latency. Everything binds to 127.0.0.1.
#
#   sightline-bench/scripts/traces-vs-zipkin.sh            # defaults below
#   SPANS=500k SENDERS=8 sightline-bench/scripts/traces-vs-zipkin.sh
#
# Environment (all optional):
#   SPANS=200k        spans sent to each target (k/m suffixes; whole traces, so a few more)
#   SENDERS=4         concurrent senders (= requests in flight)
#   BATCH=512         spans per request (at least; whole traces)
#   HEAP=2g           -Xmx for both servers, so that RSS compares like with like
#   ZIPKIN_HEAP=$HEAP  -Xmx for Zipkin, which keeps every span on its heap (~4 KB per span here: 12g for 3m)
#   QUERIES=2000      trace-by-id queries per target (after 200 warm-up)
#   MAX_SECONDS=900   give up sending after this long per target
#   FSYNC=true        Sightline's storage.fsync (false only to see what durability costs; not the comparison)
#   ONLY=sightline    run one side only (sightline or zipkin)
#   SKIP_BUILD=1      use the jars already built
#   KEEP=1            keep the work directory (data, logs, trace ids)
#   JAVA_HOME         default /usr/lib/jvm/temurin-25-jdk-amd64
#   SETTLE=0          Sightline only: after the first lookups, wait this many seconds (background merges of
#                     the load finish) and measure trace-by-id again, as lookup "sightline-settled"
#   SIGHTLINE_OPTS    extra JVM options for the Sightline server (e.g. -XX:StartFlightRecording=filename=/tmp/sl.jfr)
#   LOAD_OPTS         extra JVM options for the load generator (e.g. a profiler agent)
#   LOAD_JIT=-XX:TieredStopAtLevel=1   the generator's JIT: C1 only, because its C2 compiles competed with
#                     the server for this box's 2 cores (async-profiler: 3.8 of the generator's 8.6 CPU-s in a
#                     3 M load were C2); it only sends bytes, so C1's code costs it little. LOAD_JIT= for C2.
#   SIGHTLINE_ARGS    extra arguments of `sightline serve` (e.g. --set storage.engine=chunks)
#   PREGENERATE=1     encode every batch before the clock starts, so that during the load the generator
#                     only sends bytes (its CPU then competes less with the server on a small box; both
#                     targets get the same treatment); the generator then needs LOAD_HEAP (default 12g)
#   WARMUP=0          spans sent to each target first, untimed (k/m suffixes), so that spans/s is the
#                     servers' warm rate rather than their JIT's first minute; Zipkin keeps these too
# The box is shared, so besides spans/s (wall clock) the table gives spans per CPU-second the server
# process used during the load (utime+stime from /proc), which moves less with other processes' load.
# Prints a table at the end; every run's RESULT lines are in $WORK/results.txt.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
SPANS=${SPANS:-200k}
SENDERS=${SENDERS:-4}
BATCH=${BATCH:-512}
HEAP=${HEAP:-2g}
QUERIES=${QUERIES:-2000}
MAX_SECONDS=${MAX_SECONDS:-900}
FSYNC=${FSYNC:-true}
LOAD_JIT=${LOAD_JIT--XX:TieredStopAtLevel=1}
ONLY=${ONLY:-}
ZIPKIN_VERSION=3.5.1
ZIPKIN_JAR="$HOME/.m2/repository/io/zipkin/zipkin-server/$ZIPKIN_VERSION/zipkin-server-$ZIPKIN_VERSION-exec.jar"
# Ports away from Sightline's defaults, so a developer's running instance does not collide.
SL_HTTP=17070; SL_GRPC=14317; SL_OTLP=14318; SL_ZIPKIN=19412; ZK_PORT=19411

WORK=$(mktemp -d /tmp/traces-vs-zipkin.XXXXXX)
source "$ROOT/sightline-bench/scripts/lib/common.sh"
trap on_exit_cleanup EXIT

build_and_copy_jars
if [[ ! -f "$ZIPKIN_JAR" ]]; then
  echo "== downloading Zipkin $ZIPKIN_VERSION exec jar"
  JAVA_HOME="$JAVA_HOME" mvn -B -q dependency:get -Dtransitive=false -Dartifact=io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec || true
  [[ -f "$ZIPKIN_JAR" ]] || { echo "Zipkin exec jar not found at $ZIPKIN_JAR" >&2; exit 1; }
fi

load() { # NAME TARGET URL ; appends RESULT lines to $WORK/results.txt
  local heap=4g pregenerate=
  if [[ "${PREGENERATE:-}" == 1 ]]; then heap=${LOAD_HEAP:-12g}; pregenerate=--pregenerate; fi
  "$JAVA" -Xmx$heap $LOAD_JIT ${LOAD_OPTS:-} -cp "$BENCH_CP" dev.sightline.bench.SpanLoad --target "$2" --url "$3" --spans "$SPANS" \
    --senders "$SENDERS" --batch-spans "$BATCH" --seed 42 --pid "$SERVER_PID" --max-seconds "$MAX_SECONDS" $pregenerate \
    --warmup-spans "${WARMUP:-0}" \
    --ids-out "$WORK/$1-ids.txt" | tee "$WORK/$1-load.out"
  grep '^RESULT' "$WORK/$1-load.out" | sed "s/^RESULT/RESULT name=$1 kind=load/" >> "$WORK/results.txt"
}

lookup() { # NAME URL_TEMPLATE
  "$JAVA" -cp "$BENCH_CP" dev.sightline.bench.TraceByIdLatency --ids "$WORK/$1-ids.txt" --url-template "$2" \
    --queries "$QUERIES" --warmup 200 | tee "$WORK/$1-lookup.out"
  grep '^RESULT' "$WORK/$1-lookup.out" | sed "s/^RESULT/RESULT name=$1 kind=lookup/" >> "$WORK/results.txt"
}

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-), load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ "$ONLY" != zipkin ]]; then
echo "== Sightline (storage.fsync=$FSYNC), -Xmx$HEAP"
"$JAVA" -Xmx"$HEAP" ${SIGHTLINE_OPTS:-} -jar "$SERVER_JAR" serve ${SIGHTLINE_ARGS:-} --data-dir "$WORK/sightline-data" \
  --set server.host=127.0.0.1 --set server.http_port=$SL_HTTP --set server.otlp_grpc_port=$SL_GRPC \
  --set server.otlp_http_port=$SL_OTLP --set server.zipkin_port=$SL_ZIPKIN --set storage.fsync="$FSYNC" \
  > "$WORK/sightline.log" 2>&1 &
SERVER_PID=$!
wait_http "http://127.0.0.1:$SL_HTTP/" 120
load sightline otlp "http://127.0.0.1:$SL_OTLP/v1/traces"
sleep 2   # let the searcher refresh (storage.refresh_interval <= 1 s) before looking traces up
lookup sightline "http://127.0.0.1:$SL_HTTP/api/traces/{id}"
if (( ${SETTLE:-0} > 0 )); then
  echo "== waiting $SETTLE s for background merges, then trace-by-id again"
  sleep "$SETTLE"
  cp "$WORK/sightline-ids.txt" "$WORK/sightline-settled-ids.txt"
  lookup sightline-settled "http://127.0.0.1:$SL_HTTP/api/traces/{id}"
fi
# Server-side handler time for the same lookups (Sightline's own histogram), to tell handler time from queueing.
curl -sf "http://127.0.0.1:$SL_HTTP/metrics" | grep -E '^sightline_query_duration_seconds.*endpoint="trace"' \
  > "$WORK/sightline-trace-query-metrics.txt" || true
du -sh "$WORK/sightline-data" | sed 's/^/sightline data on disk: /'
stop_server
fi

if [[ "$ONLY" != sightline ]]; then
echo "== Zipkin $ZIPKIN_VERSION (STORAGE_TYPE=mem), -Xmx${ZIPKIN_HEAP:-$HEAP}"
STORAGE_TYPE=mem MEM_MAX_SPANS=20000000 "$JAVA" -Xmx"${ZIPKIN_HEAP:-$HEAP}" -jar "$ZIPKIN_JAR" \
  --armeria.ports[0].ip=127.0.0.1 --armeria.ports[0].port=$ZK_PORT --armeria.ports[0].protocols[0]=http \
  > "$WORK/zipkin.log" 2>&1 &
SERVER_PID=$!
wait_http "http://127.0.0.1:$ZK_PORT/health" 120
load zipkin zipkin "http://127.0.0.1:$ZK_PORT/api/v2/spans"
lookup zipkin "http://127.0.0.1:$ZK_PORT/api/v2/trace/{id}"
stop_server
fi

echo
echo "== results (Sightline storage.fsync=$FSYNC; $SPANS spans, $SENDERS senders, batches of >=$BATCH spans, -Xmx$HEAP, generator JIT ${LOAD_JIT:-C1+C2}, $(date -u +%FT%TZ))"
awk '
  function v(k,   i, kv) { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] } return "" }
  v("kind") == "load"   { rate[v("name")] = v("spans_per_s"); rss[v("name")] = v("peak_rss_kib") / 1024;
                          acked[v("name")] = v("spans_acked"); cpu[v("name")] = v("target_cpu_s"); eff[v("name")] = v("spans_per_cpu_s"); lcpu[v("name")] = v("load_cpu_s"); retr[v("name")] = v("retries") "/" v("throttled_429") "/" v("failed_batches") }
  v("kind") == "lookup" { p50[v("name")] = v("p50_ms"); p99[v("name")] = v("p99_ms") }
  END {
    printf "%-28s %14s %14s %10s\n", "", "Sightline", "Zipkin (mem)", "ratio"
    printf "%-28s %14d %14d %9.2fx\n", "spans acknowledged", acked["sightline"], acked["zipkin"], acked["zipkin"] ? acked["sightline"] / acked["zipkin"] : 0
    printf "%-28s %14.0f %14.0f %9.2fx\n", "spans/s (acknowledged)", rate["sightline"], rate["zipkin"], rate["zipkin"] ? rate["sightline"] / rate["zipkin"] : 0
    printf "%-28s %14.1f %14.1f %9.2fx\n", "server CPU s during load", cpu["sightline"], cpu["zipkin"], cpu["zipkin"] ? cpu["sightline"] / cpu["zipkin"] : 0
    printf "%-28s %14.1f %14.1f\n", "load generator CPU s", lcpu["sightline"], lcpu["zipkin"]
    printf "%-28s %14.0f %14.0f %9.2fx\n", "spans per server CPU-second", eff["sightline"], eff["zipkin"], eff["zipkin"] ? eff["sightline"] / eff["zipkin"] : 0
    printf "%-28s %14.0f %14.0f %9.2fx\n", "peak RSS MiB (VmHWM)", rss["sightline"], rss["zipkin"], rss["zipkin"] ? rss["sightline"] / rss["zipkin"] : 0
    printf "%-28s %14s %14s\n", "retries/429s/failed batches", retr["sightline"], retr["zipkin"]
    printf "%-28s %14s %14s\n", "trace-by-id p50 ms", p50["sightline"], p50["zipkin"]
    printf "%-28s %14s %14s\n", "trace-by-id p99 ms", p99["sightline"], p99["zipkin"]
  }' "$WORK/results.txt"
