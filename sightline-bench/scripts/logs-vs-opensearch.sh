#!/usr/bin/env bash
# Logs (issue 3): the same NDJSON file into Sightline (POST /api/logs, storage.fsync=true) and into
# OpenSearch 2.19.1 (_bulk, translog durability "request", i.e. fsynced before the answer), one after the
# other on this machine; records/s, server CPU, peak RSS (VmHWM), bytes/record on disk; then four queries
# with all records stored (trace-id lookup, token search + service filter, count with two filters,
# p99 of duration_ms by service) against both and against ripgrep over the raw file, with hit counts
# compared. Everything binds to 127.0.0.1.
#
#   sightline-bench/scripts/logs-vs-opensearch.sh                      # defaults below
#   RECORDS=2m ONLY=sightline sightline-bench/scripts/logs-vs-opensearch.sh
#
# Environment (all optional):
#   RECORDS=10m        records generated and sent to each system (k/m suffixes)
#   LOG_FILE=path      reuse a file written by dev.sightline.bench.LogFile (with .traceids and .range beside it)
#   SENDERS=4          concurrent senders (= requests in flight), the same for both systems
#   BATCH=2000         lines per request (NDJSON lines, or _bulk documents)
#   HEAP=2g            -Xmx (and -Xms for OpenSearch, as its docs ask) of both servers
#   REPEAT=200         timed queries per kind (after at least WARMUP=20 queries and WARMUP_SECONDS=10 s of
#                      warm-up, whichever takes longer), at most QUERY_SECONDS=120 s per kind
#   RG_REPEAT=10       timed ripgrep runs per kind (each reads the whole file)
#   MAX_SECONDS=1800   give up sending after this long per system
#   ONLY=sightline     run one system only (sightline, opensearch or ripgrep)
#   FORCEMERGE=1       also report OpenSearch's size after _forcemerge to one segment (after its queries)
#   SKIP_BUILD=1       use the jars already built
#   KEEP=1             keep the work directory (data, logs, the file)
#   JAVA_HOME          JDK for Sightline and the bench, default /usr/lib/jvm/temurin-25-jdk-amd64
#   OS_JAVA_HOME       JDK for OpenSearch 2.19 (needs 17), default /usr/lib/jvm/java-17-openjdk-amd64
#   SIGHTLINE_OPTS     extra JVM options for Sightline (e.g. -XX:StartFlightRecording=filename=/tmp/sl.jfr)
#   SIGHTLINE_ARGS     extra arguments of `sightline serve` (e.g. --set storage.engine=chunks)
# Every RESULT/HITS line is in $WORK/results.txt; a table is printed at the end.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
OS_JAVA_HOME=${OS_JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
JAVA="$JAVA_HOME/bin/java"
RECORDS=${RECORDS:-10m}
SENDERS=${SENDERS:-4}
BATCH=${BATCH:-2000}
HEAP=${HEAP:-2g}
REPEAT=${REPEAT:-200}
WARMUP=${WARMUP:-20}
WARMUP_SECONDS=${WARMUP_SECONDS:-10}
QUERY_SECONDS=${QUERY_SECONDS:-120}
RG_REPEAT=${RG_REPEAT:-10}
MAX_SECONDS=${MAX_SECONDS:-1800}
ONLY=${ONLY:-}
OS_VERSION=2.19.1
OS_ZIP="$HOME/.m2/repository/org/opensearch/distribution/integ-test-zip/opensearch/$OS_VERSION/opensearch-$OS_VERSION.zip"
OS_USER=sightline-bench
SL_HTTP=17070; SL_GRPC=14317; SL_OTLP=14318; SL_ZIPKIN=19412; OS_HTTP=19200; OS_TRANSPORT=19300

WORK=$(mktemp -d /tmp/logs-vs-opensearch.XXXXXX)
chmod 755 "$WORK"   # OpenSearch runs as $OS_USER and keeps its data under here
source "$ROOT/sightline-bench/scripts/lib/common.sh"
trap on_exit_cleanup EXIT

need() { command -v "$1" >/dev/null || { echo "== installing $2"; apt-get install -y "$2" >/dev/null; }; }
need rg ripgrep
need curl curl

build_and_copy_jars

bench() { "$JAVA" -Xmx2g -cp "$BENCH_CP" "$@"; }

# The data: one file for everyone.
if [[ -n "${LOG_FILE:-}" ]]; then
  FILE=$LOG_FILE
else
  FILE="$WORK/logs.ndjson"
  echo "== generating $RECORDS records (seed 42) into $FILE"
  bench dev.sightline.bench.LogFile --out "$FILE" --records "$RECORDS" --seed 42
fi
read -r FIRST_MS LAST_MS < "$FILE.range"
START_MS=$((FIRST_MS - 60000)); END_MS=$((LAST_MS + 60000))
NRECORDS=$(wc -l < "$FILE")
FILE_BYTES=$(stat -c %s "$FILE")
echo "== file: $NRECORDS records, $FILE_BYTES bytes ($((FILE_BYTES / NRECORDS)) bytes/record), $(date -u -d @$((FIRST_MS / 1000)) +%T)..$(date -u -d @$((LAST_MS / 1000)) +%T) UTC"
echo "RESULT name=file records=$NRECORDS bytes=$FILE_BYTES" >> "$WORK/results.txt"

load() { # NAME TARGET URL
  bench dev.sightline.bench.LogLoad --target "$2" --url "$3" --file "$FILE" --batch "$BATCH" --senders "$SENDERS" \
    --pid "$SERVER_PID" --max-seconds "$MAX_SECONDS" | tee "$WORK/$1-load.out" || true
  grep '^RESULT' "$WORK/$1-load.out" | sed "s/^RESULT/RESULT name=$1 kind=load/" >> "$WORK/results.txt"
}

queries() { # NAME TARGET [URL] [REPEAT]
  bench dev.sightline.bench.LogQueries --target "$2" --url "${3:-}" --file "$FILE" --start-ms "$START_MS" \
    --end-ms "$END_MS" --repeat "${4:-$REPEAT}" --warmup "$WARMUP" --warmup-seconds "$WARMUP_SECONDS" --max-seconds-per-kind "$QUERY_SECONDS" \
    | tee "$WORK/$1-queries.out" || true
  grep -E '^(RESULT|WARMUP|HITS|P99)' "$WORK/$1-queries.out" | sed -E "s/^(RESULT|WARMUP|HITS|P99)/\1 name=$1/" >> "$WORK/results.txt"
}

disk() { # NAME DIR LABEL
  local b; b=$(du -sb "$2" | cut -f1)
  echo "RESULT name=$1 kind=disk label=$3 bytes=$b bytes_per_record=$((b / NRECORDS))" | tee -a "$WORK/results.txt"
}

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-), load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"

if [[ -z "$ONLY" || "$ONLY" == sightline ]]; then
  echo "== Sightline (storage.fsync=true), -Xmx$HEAP, load average $(cut -d' ' -f1 /proc/loadavg)"
  "$JAVA" -Xmx"$HEAP" ${SIGHTLINE_OPTS:-} -jar "$SERVER_JAR" serve ${SIGHTLINE_ARGS:-} --data-dir "$WORK/sightline-data" \
    --set server.host=127.0.0.1 --set server.http_port=$SL_HTTP --set server.otlp_grpc_port=$SL_GRPC \
    --set server.otlp_http_port=$SL_OTLP --set server.zipkin_port=$SL_ZIPKIN --set storage.fsync=true \
    > "$WORK/sightline.log" 2>&1 &
  SERVER_PID=$!
  wait_http "http://127.0.0.1:$SL_HTTP/health/ready" 120
  load sightline sightline "http://127.0.0.1:$SL_HTTP/api/logs"
  # Durable on disk: every acknowledged record is in the fsynced WAL; the index is committed every
  # storage.commit_interval (10 s). Wait for a commit, then measure.
  sleep 15
  disk sightline "$WORK/sightline-data" all
  for d in "$WORK"/sightline-data/*; do echo "   $(du -sb "$d")"; done
  queries sightline sightline "http://127.0.0.1:$SL_HTTP"
  # The size 15 s after the load can include a merge in flight (its inputs and output both on disk);
  # after the queries the merges have usually finished.
  disk sightline "$WORK/sightline-data" after-queries
  curl -sf "http://127.0.0.1:$SL_HTTP/metrics" | grep -E '^sightline_query_duration_seconds_(count|sum).*"query"' || true
  stop_server 60
fi

if [[ -z "$ONLY" || "$ONLY" == opensearch ]]; then
  if [[ ! -f "$OS_ZIP" ]]; then
    echo "== downloading OpenSearch $OS_VERSION (integ-test zip)"
    JAVA_HOME="$JAVA_HOME" mvn -B -q dependency:get -Dartifact=org.opensearch.distribution.integ-test-zip:opensearch:$OS_VERSION:zip
  fi
  [[ -x "$OS_JAVA_HOME/bin/java" ]] || { echo "== installing JDK 17 for OpenSearch 2.x"; apt-get install -y openjdk-17-jdk-headless >/dev/null; }
  id "$OS_USER" >/dev/null 2>&1 || useradd --system --no-create-home "$OS_USER"   # OpenSearch refuses to run as root
  (cd "$WORK" && unzip -q "$OS_ZIP")
  OS_HOME="$WORK/opensearch-$OS_VERSION"
  mkdir -p "$WORK/os-data" "$WORK/os-logs"
  chown -R "$OS_USER" "$OS_HOME" "$WORK/os-data" "$WORK/os-logs"
  echo "== OpenSearch $OS_VERSION, -Xms$HEAP -Xmx$HEAP, JDK $("$OS_JAVA_HOME/bin/java" -version 2>&1 | head -1), load average $(cut -d' ' -f1 /proc/loadavg)"
  runuser -u "$OS_USER" -- env OPENSEARCH_JAVA_HOME="$OS_JAVA_HOME" OPENSEARCH_JAVA_OPTS="-Xms$HEAP -Xmx$HEAP" \
    "$OS_HOME/bin/opensearch" -d -p "$WORK/os-logs/os.pid" -E network.host=127.0.0.1 -E discovery.type=single-node \
    -E http.port=$OS_HTTP -E transport.port=$OS_TRANSPORT -E path.data="$WORK/os-data" -E path.logs="$WORK/os-logs" \
    > "$WORK/opensearch.log" 2>&1
  for _ in $(seq 1 120); do [[ -s "$WORK/os-logs/os.pid" ]] && break; sleep 0.5; done
  SERVER_PID=$(cat "$WORK/os-logs/os.pid")
  wait_http "http://127.0.0.1:$OS_HTTP/_cluster/health?wait_for_status=yellow" 180
  # One shard, no replica (one node); refresh every 1 s (the default) so both systems search within ~1 s;
  # keyword for ids, service, level, host, method, route; text for message and exception; numbers as long.
  curl -sf -XPUT "http://127.0.0.1:$OS_HTTP/logs" -H 'Content-Type: application/json' -d '{
    "settings": {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s"},
    "mappings": {"dynamic": true, "properties": {
      "timestamp": {"type": "date"}, "level": {"type": "keyword"}, "service": {"type": "keyword"},
      "host": {"type": "keyword"}, "trace_id": {"type": "keyword"}, "span_id": {"type": "keyword"},
      "request_id": {"type": "keyword"}, "http_method": {"type": "keyword"}, "http_route": {"type": "keyword"},
      "http_status": {"type": "long"}, "duration_ms": {"type": "long"}, "user_id": {"type": "keyword"},
      "message": {"type": "text"}, "exception": {"type": "text"}}}}' > "$WORK/os-create.json"
  echo
  load opensearch bulk "http://127.0.0.1:$OS_HTTP/logs/_bulk"
  curl -sf -XPOST "http://127.0.0.1:$OS_HTTP/logs/_flush" > /dev/null
  curl -sf -XPOST "http://127.0.0.1:$OS_HTTP/logs/_refresh" > /dev/null
  curl -sf "http://127.0.0.1:$OS_HTTP/_cat/indices/logs?v&bytes=b" | tee "$WORK/os-indices.txt"
  disk opensearch "$WORK/os-data" all-after-flush
  # The queries repeat a few count and aggregation requests, which the shard request cache would answer
  # without computing them; Sightline has no such cache, so measure OpenSearch computing them too.
  curl -sf -XPUT "http://127.0.0.1:$OS_HTTP/logs/_settings" -H 'Content-Type: application/json' \
    -d '{"index.requests.cache.enable": false}' > /dev/null
  queries opensearch opensearch "http://127.0.0.1:$OS_HTTP"
  if [[ -n "${FORCEMERGE:-}" ]]; then
    curl -sf -XPOST "http://127.0.0.1:$OS_HTTP/logs/_forcemerge?max_num_segments=1" > /dev/null
    disk opensearch "$WORK/os-data" all-after-forcemerge
  fi
  stop_server 60
fi

if [[ -z "$ONLY" || "$ONLY" == ripgrep ]]; then
  echo "== ripgrep $(rg --version | head -1) over the raw file (page cache warm after a first read), load average $(cut -d' ' -f1 /proc/loadavg)"
  cat "$FILE" > /dev/null
  WARMUP=1 WARMUP_SECONDS=0 queries ripgrep ripgrep "" "$RG_REPEAT"
fi

echo
echo "== results ($NRECORDS records, $SENDERS senders, batches of $BATCH, -Xmx$HEAP, $(date -u +%FT%TZ))"
awk '
  function v(k,   i, kv) { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] } return "" }
  v("kind") == "load" { rate[v("name")] = v("records_per_s"); rss[v("name")] = v("peak_rss_kib") / 1024;
      acked[v("name")] = v("records_acked"); cpu[v("name")] = v("target_cpu_s"); eff[v("name")] = v("records_per_cpu_s");
      retr[v("name")] = v("retries") "/" v("rejected") "/" v("failed") }
  v("kind") == "disk" { bpr[v("name") "/" v("label")] = v("bytes_per_record") }
  /^RESULT/ && v("p50_ms") != "" { p50[v("name") "/" v("kind")] = v("p50_ms"); p99[v("name") "/" v("kind")] = v("p99_ms"); n[v("name") "/" v("kind")] = v("n") (v("errors") > 0 ? ", " v("errors") " failed" : "") }
  END {
    printf "%-34s %14s %14s %10s\n", "", "Sightline", "OpenSearch", "ratio"
    printf "%-34s %14d %14d\n", "records acknowledged", acked["sightline"], acked["opensearch"]
    printf "%-34s %14.0f %14.0f %9.2fx\n", "records/s (acknowledged)", rate["sightline"], rate["opensearch"], rate["opensearch"] ? rate["sightline"] / rate["opensearch"] : 0
    printf "%-34s %14.1f %14.1f\n", "server CPU s during load", cpu["sightline"], cpu["opensearch"]
    printf "%-34s %14.0f %14.0f %9.2fx\n", "records per server CPU-second", eff["sightline"], eff["opensearch"], eff["opensearch"] ? eff["sightline"] / eff["opensearch"] : 0
    printf "%-34s %14.0f %14.0f\n", "peak RSS MiB (VmHWM)", rss["sightline"], rss["opensearch"]
    printf "%-34s %14s %14s\n", "retries/rejected/failed", retr["sightline"], retr["opensearch"]
    if (bpr["sightline/after-queries"] != "") printf "%-34s %14s\n", "bytes/record, Sightline after queries", bpr["sightline/after-queries"]
    printf "%-34s %14s %14s %9.2fx\n", "bytes/record on disk (durable)", bpr["sightline/all"], bpr["opensearch/all-after-flush"], bpr["opensearch/all-after-flush"] ? bpr["sightline/all"] / bpr["opensearch/all-after-flush"] : 0
    if (bpr["opensearch/all-after-forcemerge"] != "") printf "%-34s %14s %14s\n", "bytes/record, OpenSearch 1 segment", "", bpr["opensearch/all-after-forcemerge"]
    printf "\n%-22s %26s %26s %26s\n", "query p50 / p99 ms (n)", "Sightline", "OpenSearch", "ripgrep"
    split("trace token count p99", kinds, " ")
    for (k = 1; k <= 4; k++) {
      line = sprintf("%-22s", kinds[k])
      split("sightline opensearch ripgrep", names, " ")
      for (s = 1; s <= 3; s++) { key = names[s] "/" kinds[k]; line = line sprintf(" %26s", key in p50 ? p50[key] " / " p99[key] " (" n[key] ")" : "n/a") }
      print line
    }
  }' "$WORK/results.txt"
echo
echo "== hit counts (same query, each system)"
grep -E '^HITS' "$WORK/results.txt" | awk '{ k = $4 " " $5; h[k] = h[k] " " $2 ":" substr($6, 6) } END { for (k in h) print k, h[k] }' | sed 's/name=//g' | sort
grep -E '^P99' "$WORK/results.txt" || true
