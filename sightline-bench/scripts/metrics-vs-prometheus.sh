#!/usr/bin/env bash
# Issue 4: the same Prometheus remote-write stream into Sightline, Prometheus 2.42 and VictoriaMetrics 1.79
# (Debian packages), one after the other on this machine: acknowledged samples/s, server CPU, peak RSS,
# bytes/sample on disk (raw and in long-term block format), then the latency of
#   histogram_quantile(0.99, sum by (le, service) (rate(http_server_request_duration_seconds_bucket[5m])))
# as /api/v1/query_range over the last 1 h (step 15 s) and the last 24 h (step 90 s), with a check that
# Sightline's answers equal Prometheus's. Everything binds to 127.0.0.1.
#
#   sightline-bench/scripts/metrics-vs-prometheus.sh            # defaults below
#   ONLY=sightline SKIP_BUILD=1 sightline-bench/scripts/metrics-vs-prometheus.sh
#
# Environment (all optional):
#   SERIES=100k       series of the ingest data set (A)
#   MINUTES=120       time covered by A, at 15 s (100k x 2 h = 48 M samples)
#   SERIES_24H=3050   series of the 24 h query data set (B): 5 services x 2 instances, same layout
#   SENDERS=4         concurrent remote-write senders (= shards); BATCH=2000 samples per request
#   WARMUP=2 REPS=10  query repetitions after warm-up (1 h and 24 h each)
#   HEAP=2g           -Xmx of the Sightline server
#   FSYNC=true        Sightline's storage.fsync (WAL fsync per commit, the server default)
#   ONLY=...          comma list of sightline,prometheus,victoriametrics (default all three)
#   SKIP_BUILD=1      use the jars already built;  KEEP=1  keep the work directory
#   WORK=dir          reuse a work directory (the generated load files are kept there and reused)
#   JAVA_HOME         default /usr/lib/jvm/temurin-25-jdk-amd64
#   SIGHTLINE_OPTS    extra JVM options for Sightline (e.g. -XX:StartFlightRecording=filename=/tmp/sl.jfr)
# Prints a table at the end; every RESULT line is in $WORK/results.txt.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
SERIES=${SERIES:-100k}
MINUTES=${MINUTES:-120}
SERIES_24H=${SERIES_24H:-3050}
SENDERS=${SENDERS:-4}
BATCH=${BATCH:-2000}
WARMUP=${WARMUP:-2}
REPS=${REPS:-10}
HEAP=${HEAP:-2g}
FSYNC=${FSYNC:-true}
ONLY=${ONLY:-sightline,prometheus,victoriametrics}
QUERY='histogram_quantile(0.99, sum by (le, service) (rate(http_server_request_duration_seconds_bucket[5m])))'
SL_HTTP=17070; SL_GRPC=14317; SL_OTLP=14318; SL_ZIPKIN=19412; PROM_PORT=19090; VM_PORT=18428

if [[ -n "${WORK:-}" ]]; then mkdir -p "$WORK"; KEEP=1; else WORK=$(mktemp -d /tmp/metrics-vs-prometheus.XXXXXX); fi
source "$ROOT/sightline-bench/scripts/lib/common.sh"
trap on_exit_cleanup EXIT

for pkg in prometheus victoria-metrics; do
  command -v "$pkg" >/dev/null || { echo "== installing $pkg"; apt-get install -y "$pkg" >/dev/null; }
done
build_and_copy_jars
BENCH=("$JAVA" -Xmx3g --enable-native-access=ALL-UNNAMED -cp "$BENCH_CP")
echo "== $(prometheus --version 2>&1 | head -1); victoria-metrics $(victoria-metrics --version 2>&1 | head -1)"

# Both data sets end at END (a multiple of 90 s, so both query steps align), in the past for every target.
if [[ -f "$WORK/end_ms" ]]; then END=$(cat "$WORK/end_ms"); else END=$(( $(date +%s) / 90 * 90 * 1000 )); echo "$END" > "$WORK/end_ms"; fi
if [[ ! -f "$WORK/a.rw" ]]; then
  echo "== generating data set A: $SERIES series x $MINUTES min at 15 s"
  "${BENCH[@]}" dev.sightline.bench.RemoteWriteLoad --out "$WORK/a.rw.tmp" --series "$SERIES" --minutes "$MINUTES" \
    --end-ms "$END" --shards "$SENDERS" --batch "$BATCH" --seed 42 | tee "$WORK/gen-a.out"
  mv "$WORK/a.rw.tmp" "$WORK/a.rw"
fi
if [[ ! -f "$WORK/b.rw" ]]; then
  echo "== generating data set B: $SERIES_24H series (2 instances a service) x 24 h at 15 s"
  "${BENCH[@]}" dev.sightline.bench.RemoteWriteLoad --out "$WORK/b.rw.tmp" --series "$SERIES_24H" --instances 2 \
    --minutes 1440 --end-ms "$END" --shards "$SENDERS" --batch "$BATCH" --seed 43 | tee "$WORK/gen-b.out"
  mv "$WORK/b.rw.tmp" "$WORK/b.rw"
fi
SAMPLES_A=$(grep -o 'RESULT.*' "$WORK/gen-a.out" | sed 's/.* samples=\([0-9]*\).*/\1/')

result() { # NAME KIND FILE: appends the RESULT line of FILE, tagged
  grep '^RESULT' "$2" | sed "s/^RESULT/RESULT name=$1 kind=$3/" >> "$WORK/results.txt"
}
bytes() { du -sb "$1" | cut -f1; }
note() { echo "RESULT name=$1 kind=$2 $3" >> "$WORK/results.txt"; }

start() { # SYSTEM DATA_DIR
  case $1 in
    sightline)
      "$JAVA" -Xmx"$HEAP" ${SIGHTLINE_OPTS:-} -jar "$SERVER_JAR" serve --data-dir "$2" \
        --set server.host=127.0.0.1 --set server.http_port=$SL_HTTP --set server.otlp_grpc_port=$SL_GRPC \
        --set server.otlp_http_port=$SL_OTLP --set server.zipkin_port=$SL_ZIPKIN --set storage.fsync="$FSYNC" \
        --set metrics.max_series_per_metric=1000000 > "$WORK/$1-$(basename "$2").log" 2>&1 &
      SERVER_PID=$!; URL=http://127.0.0.1:$SL_HTTP; wait_http "$URL/health/ready" 180 ;;
    prometheus)
      printf 'global:\n  scrape_interval: 15s\nscrape_configs: []\n' > "$WORK/prometheus.yml"
      prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$2" --web.listen-address=127.0.0.1:$PROM_PORT \
        --web.enable-remote-write-receiver --web.enable-admin-api --web.enable-lifecycle > "$WORK/$1-$(basename "$2").log" 2>&1 &
      SERVER_PID=$!; URL=http://127.0.0.1:$PROM_PORT; wait_http "$URL/-/ready" 120 ;;
    victoriametrics)
      victoria-metrics -storageDataPath="$2" -httpListenAddr=127.0.0.1:$VM_PORT -retentionPeriod=1 \
        -search.latencyOffset=0s > "$WORK/$1-$(basename "$2").log" 2>&1 &
      SERVER_PID=$!; URL=http://127.0.0.1:$VM_PORT; wait_http "$URL/health" 120 ;;
  esac
}

query() { # SYSTEM LABEL START_MS STEP_S
  local extra=()
  [[ $1 == victoriametrics ]] && extra=(--param nocache=1)
  "${BENCH[@]}" dev.sightline.bench.PromqlRangeLatency --url "$URL" --query "$QUERY" --start-ms "$3" --end-ms "$END" \
    --step-s "$4" --warmup "$WARMUP" --reps "$REPS" --out "$WORK/$1-$2.json" "${extra[@]}" | tee "$WORK/$1-$2.out"
  result "$1" "$WORK/$1-$2.out" "query$2"
}

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-), $("$JAVA" -version 2>&1 | head -1)"
for sys in sightline prometheus victoriametrics; do
  [[ ",$ONLY," == *",$sys,"* ]] || continue
  echo "== $sys: data set A ($(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg))"
  note "$sys" start "at=$(date -u +%FT%TZ) loadavg=$(cut -d' ' -f1 /proc/loadavg)"
  DIR="$WORK/$sys-a"; rm -rf "$DIR"
  start "$sys" "$DIR"
  "${BENCH[@]}" dev.sightline.bench.RemoteWriteLoad --file "$WORK/a.rw" --url "$URL/api/v1/write" --pid "$SERVER_PID" \
    | grep -v '^  ' | tee "$WORK/$sys-load.out"
  result "$sys" "$WORK/$sys-load.out" load
  case $sys in
    sightline) RAW="$DIR/metrics" ;;
    *) RAW="$DIR" ;;
  esac
  note "$sys" disk_after_load "raw_bytes=$(bytes "$RAW")"
  query "$sys" 1h $((END - 3600 * 1000)) 15
  case $sys in
    prometheus)
      RAWB=$(bytes "$DIR")   # before the snapshot, which is written inside the data directory
      SNAP=$(curl -sf -XPOST "$URL/api/v1/admin/tsdb/snapshot" | sed 's/.*"name":"\([^"]*\)".*/\1/')
      note "$sys" durable "raw_bytes=$RAWB wal_bytes=$(bytes "$DIR/wal") snapshot_bytes=$(bytes "$DIR/snapshots/$SNAP") what=snapshot_of_head_as_block"
      stop_server 120 ;;
    victoriametrics)
      curl -sf "$URL/internal/force_flush" >/dev/null; sleep 30
      note "$sys" durable "raw_bytes=$(bytes "$DIR") data_bytes=$(bytes "$DIR/data") indexdb_bytes=$(bytes "$DIR/indexdb") what=force_flush_plus_30s"
      stop_server 120 ;;
    sightline)
      stop_server 120   # a clean stop checkpoints the head into the WAL
      RAWB=$(bytes "$DIR/metrics"); WALB=$(bytes "$DIR/metrics/wal")
      "${BENCH[@]}" dev.sightline.bench.TsdbBlockCut --dir "$DIR/metrics" --after-ms "$END" | tee "$WORK/$sys-cut.out"
      note "$sys" durable "raw_bytes=$RAWB wal_bytes=$WALB snapshot_bytes=$(grep -o 'block_bytes=[0-9]*' "$WORK/$sys-cut.out" | cut -d= -f2) what=head_cut_into_blocks"
      # Where the block bytes go (timestamps, values, chunk overhead, index); read-only.
      "${BENCH[@]}" dev.sightline.bench.TsdbBlockBytes --dir "$DIR/metrics/blocks" | tee "$WORK/$sys-block-bytes.out"
      result "$sys" "$WORK/$sys-block-bytes.out" block_bytes ;;
  esac
  rm -rf "$DIR"

  echo "== $sys: data set B, 24 h ($(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg))"
  DIR="$WORK/$sys-b"; rm -rf "$DIR"
  start "$sys" "$DIR"
  "${BENCH[@]}" dev.sightline.bench.RemoteWriteLoad --file "$WORK/b.rw" --url "$URL/api/v1/write" --pid "$SERVER_PID" \
    | grep -v '^  ' | tee "$WORK/$sys-load-b.out"
  result "$sys" "$WORK/$sys-load-b.out" loadb
  [[ $sys == victoriametrics ]] && curl -sf "$URL/internal/force_flush" >/dev/null
  query "$sys" 24h $((END - 86400 * 1000)) 90
  stop_server 120
  rm -rf "$DIR"
done

for range in 1h 24h; do
  for other in sightline victoriametrics; do
    if [[ -f "$WORK/prometheus-$range.json" && -f "$WORK/$other-$range.json" ]]; then
      "${BENCH[@]}" dev.sightline.bench.PromqlRangeLatency --compare "$WORK/prometheus-$range.json" \
        --with "$WORK/$other-$range.json" --rel-tol 1e-6 | tee "$WORK/compare-$other-$range.out"
      result "$other" "$WORK/compare-$other-$range.out" "agree$range"
    fi
  done
done

echo
echo "== results ($SERIES series x $MINUTES min at 15 s = $SAMPLES_A samples; $SENDERS senders x $BATCH samples/request; $(date -u +%FT%TZ))"
awk -v samples="$SAMPLES_A" '
  function v(k,   i, kv) { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] } return "" }
  { n = v("name"); k = v("kind") }
  k == "start"   { at[n] = v("at"); la[n] = v("loadavg") }
  k == "load"    { rate[n] = v("samples_per_s"); cpu[n] = v("target_cpu_s"); eff[n] = v("samples_per_cpu_s");
                   rss[n] = v("peak_rss_kib") / 1024; acked[n] = v("samples_acked"); err[n] = v("retries") "/" v("failed_requests") }
  k == "loadb"   { rateb[n] = v("samples_per_s") }
  k == "disk_after_load" { raw0[n] = v("raw_bytes") }
  k == "durable" { raw[n] = v("raw_bytes"); snap[n] = v("snapshot_bytes") != "" ? v("snapshot_bytes") : v("raw_bytes") }
  k == "query1h" { q1p50[n] = v("p50_ms"); q1p99[n] = v("p99_ms"); q1s[n] = v("series") }
  k == "query24h" { q24p50[n] = v("p50_ms"); q24p99[n] = v("p99_ms"); q24s[n] = v("series") }
  k == "agree1h" { ag1[n] = v("agree") " (max rel " v("max_rel_diff") ")" }
  k == "agree24h" { ag24[n] = v("agree") " (max rel " v("max_rel_diff") ")" }
  END {
    split("sightline prometheus victoriametrics", s, " ")
    printf "%-34s %18s %18s %18s\n", "", "Sightline", "Prometheus 2.42", "VictoriaMetrics"
    row("started (UTC) / load avg", at[s[1]] " " la[s[1]], at[s[2]] " " la[s[2]], at[s[3]] " " la[s[3]])
    printf "%-34s %18s %18s %18s\n", "samples acknowledged", acked[s[1]], acked[s[2]], acked[s[3]]
    printf "%-34s %18s %18s %18s\n", "samples/s (A)", rate[s[1]], rate[s[2]], rate[s[3]]
    printf "%-34s %18s %18s %18s\n", "server CPU s during load (A)", cpu[s[1]], cpu[s[2]], cpu[s[3]]
    printf "%-34s %18s %18s %18s\n", "samples per server CPU-second", eff[s[1]], eff[s[2]], eff[s[3]]
    printf "%-34s %18.0f %18.0f %18.0f\n", "peak RSS MiB (VmHWM, A)", rss[s[1]], rss[s[2]], rss[s[3]]
    printf "%-34s %18s %18s %18s\n", "retries/failed requests", err[s[1]], err[s[2]], err[s[3]]
    printf "%-34s %18.2f %18.2f %18.2f\n", "bytes/sample raw dir after load", raw0[s[1]] / samples, raw0[s[2]] / samples, raw0[s[3]] / samples
    printf "%-34s %18.2f %18.2f %18.2f\n", "bytes/sample long-term format", snap[s[1]] / samples, snap[s[2]] / samples, snap[s[3]] / samples
    printf "%-34s %18s %18s %18s\n", "samples/s (B, 24 h set)", rateb[s[1]], rateb[s[2]], rateb[s[3]]
    printf "%-34s %18s %18s %18s\n", "1 h query p50 ms", q1p50[s[1]], q1p50[s[2]], q1p50[s[3]]
    printf "%-34s %18s %18s %18s\n", "1 h query p99 ms", q1p99[s[1]], q1p99[s[2]], q1p99[s[3]]
    printf "%-34s %18s %18s %18s\n", "1 h result series", q1s[s[1]], q1s[s[2]], q1s[s[3]]
    printf "%-34s %18s %18s %18s\n", "24 h query p50 ms", q24p50[s[1]], q24p50[s[2]], q24p50[s[3]]
    printf "%-34s %18s %18s %18s\n", "24 h query p99 ms", q24p99[s[1]], q24p99[s[2]], q24p99[s[3]]
    printf "%-34s %18s %18s %18s\n", "24 h result series", q24s[s[1]], q24s[s[2]], q24s[s[3]]
    printf "%-34s %18s %18s %18s\n", "1 h answer = Prometheus", ag1[s[1]], "-", ag1[s[3]]
    printf "%-34s %18s %18s %18s\n", "24 h answer = Prometheus", ag24[s[1]], "-", ag24[s[3]]
  }
  function row(a, b, c, d) { printf "%-34s %18s %18s %18s\n", a, b, c, d }' "$WORK/results.txt"
