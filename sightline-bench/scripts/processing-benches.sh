#!/usr/bin/env bash
# In-process processing benchmarks (no HTTP), one JVM each, run one after the other:
#   1. RuleEvaluationBench (issue 5): 10,000 rules over 100,000 series, wall time per evaluation round.
#   2. TailSamplingBench (issue 8): spans/s through SpanPipeline with tail sampling off vs on, and heap
#      per buffered trace vs the sampler's heldBytes() estimate.
#
#   sightline-bench/scripts/processing-benches.sh
#   ONLY=rules MINUTES=30 sightline-bench/scripts/processing-benches.sh
#
# Environment (all optional):
#   ONLY=rules|tail   run one bench only
#   MINUTES=60        minutes of 15 s samples loaded into the TSDB (fewer loads faster)
#   RULE_GROUPS=500   rule groups of 20 rules (500 = 10,000 rules)
#   ROUNDS=5          measured evaluation rounds (after WARMUP=2)
#   FSYNC=true        TSDB WAL fsync per commit (each rule group commits once per round), as the server default
#   SPANS=100k        spans per tail-sampling run (REPEAT=2 runs of each mode, after a 20k warm-up)
#   BUFFER_TRACES=20000  traces held for the memory measurement
#   HEAP=4g           -Xmx of each JVM
#   SKIP_BUILD=1      use the jars already built
#   JAVA_HOME         default /usr/lib/jvm/temurin-25-jdk-amd64
# Prints each bench's output; the RESULT lines are the figures. Also prints `uptime` before each run:
# on a shared box, quote the load average with the numbers.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JAVA_HOME
ONLY=${ONLY:-}
HEAP=${HEAP:-4g}

if [[ -z "${SKIP_BUILD:-}" ]]; then
  (cd "$ROOT" && mvn -B -q -o -pl sightline-bench -am install -DskipTests)
fi

# A private copy of the jars, so another build rewriting target/ cannot pull classes from under the run.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp -r "$ROOT/sightline-bench/target/sightline-bench-0.1.0-SNAPSHOT.jar" "$ROOT/sightline-bench/target/lib" "$WORK/"
CP="$WORK/sightline-bench-0.1.0-SNAPSHOT.jar:$WORK/lib/*"
JAVA=("$JAVA_HOME/bin/java" "-Xmx$HEAP" -cp "$CP")

if [[ -z "$ONLY" || "$ONLY" == rules ]]; then
  echo "== RuleEvaluationBench  $(date -u +%H:%M:%SZ)  $(uptime)"
  "${JAVA[@]}" dev.sightline.bench.RuleEvaluationBench --minutes "${MINUTES:-60}" --groups "${RULE_GROUPS:-500}" \
    --warmup "${WARMUP:-2}" --rounds "${ROUNDS:-5}" --fsync "${FSYNC:-true}" --dir "$WORK"
fi
if [[ -z "$ONLY" || "$ONLY" == tail ]]; then
  echo "== TailSamplingBench  $(date -u +%H:%M:%SZ)  $(uptime)"
  "${JAVA[@]}" dev.sightline.bench.TailSamplingBench --spans "${SPANS:-100k}" --repeat "${REPEAT:-2}" \
    --buffer-traces "${BUFFER_TRACES:-20000}" --dir "$WORK"
fi
echo "== done  $(date -u +%H:%M:%SZ)  $(uptime)"
