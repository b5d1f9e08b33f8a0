# Shared by the benchmark scripts in sightline-bench/scripts (sourced, not run). The caller sets ROOT,
# JAVA_HOME and WORK (its work directory) first, and may set KEEP and SKIP_BUILD.
#
#   on_exit_cleanup          stop $SERVER_PID if running, remove $WORK unless KEEP is set
#   build_and_copy_jars      build server and bench (unless SKIP_BUILD), copy them into $WORK/jars, and set
#                            SERVER_JAR and BENCH_CP to the private copies (a rebuild of target/ while a
#                            server runs would pull classes out from under it)
#   wait_http URL SECONDS    poll until URL answers 2xx; fail if $SERVER_PID exits or time runs out
#   stop_server [SECONDS]    SIGTERM $SERVER_PID, wait up to SECONDS (default 30), then SIGKILL

SERVER_PID=""

on_exit_cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [[ -z "${KEEP:-}" ]]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}

build_and_copy_jars() {
  if [[ -z "${SKIP_BUILD:-}" ]]; then
    echo "== building sightline-server and sightline-bench"
    (cd "$ROOT" && JAVA_HOME="$JAVA_HOME" mvn -B -q -o -pl sightline-server,sightline-bench -am install -DskipTests \
      || JAVA_HOME="$JAVA_HOME" mvn -B -q -pl sightline-server,sightline-bench -am install -DskipTests)
  fi
  mkdir -p "$WORK/jars/server" "$WORK/jars/bench"
  cp -rp "$ROOT/sightline-server/target/lib" "$ROOT/sightline-server/target/sightline-server-0.1.0-SNAPSHOT.jar" \
    "$WORK/jars/server/"
  cp -rp "$ROOT/sightline-bench/target/lib" "$ROOT/sightline-bench/target/sightline-bench-0.1.0-SNAPSHOT.jar" \
    "$WORK/jars/bench/"
  SERVER_JAR="$WORK/jars/server/sightline-server-0.1.0-SNAPSHOT.jar"
  BENCH_CP="$WORK/jars/bench/sightline-bench-0.1.0-SNAPSHOT.jar:$WORK/jars/bench/lib/*"
  echo "== server jar built $(date -u -r "$SERVER_JAR" +%FT%TZ), git $(git -C "$ROOT" rev-parse --short HEAD)"
}

wait_http() {
  local deadline=$((SECONDS + $2))
  until curl -sf -o /dev/null "$1"; do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited; log:" >&2; tail -30 "$WORK"/*.log >&2; exit 1; }
    (( SECONDS < deadline )) || { echo "no answer from $1 after $2 s" >&2; exit 1; }
    sleep 0.5
  done
}

stop_server() {
  local half_seconds=$(( ${1:-30} * 2 ))
  kill "$SERVER_PID"
  for _ in $(seq 1 "$half_seconds"); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$SERVER_PID" 2>/dev/null && kill -9 "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
