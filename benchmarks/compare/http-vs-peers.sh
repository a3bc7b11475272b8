#!/usr/bin/env bash
# Side by side: wrk and loadkit-bench against nginx on loopback, closed model, same connections and
# duration. nginx (one worker) runs on core 0, the load generator on core 1, so the generators are
# compared by what they get from one core: requests per second, and requests per CPU-second they spend.
#
#   apt-get install -y wrk nginx-light        # once
#   mvn -B -q install -DskipTests             # builds benchmarks/target/loadkit-bench.jar
#   benchmarks/compare/http-vs-peers.sh       # DURATION=20s CONNECTIONS=50 PORT=18080 by default
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-50}
PORT=${PORT:-18080}
JAR=benchmarks/target/loadkit-bench.jar
for tool in wrk nginx taskset; do
  command -v "$tool" >/dev/null || { echo "error: $tool is not installed (apt-get install -y wrk nginx-light util-linux)" >&2; exit 2; }
done
[ -f "$JAR" ] || { echo "error: $JAR is missing; run mvn -B -q install -DskipTests" >&2; exit 2; }

work=$(mktemp -d)
printf 'hello, load\n' > "$work/index.html"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$PORT; root $work; }
}
CONF
taskset -c 0 nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
trap 'kill "$nginx_pid" 2>/dev/null; wait "$nginx_pid" 2>/dev/null; rm -rf "$work"' EXIT
sleep 1
url="http://127.0.0.1:$PORT/index.html"

# Prints "requests seconds cpu_seconds" for one generator run.
measure() {
  local output start end cpu
  TIMEFORMAT='%U %S'
  start=$(date +%s.%N)
  { cpu=$( { time "$@" > "$work/out.txt" 2>&1; } 2>&1 ); } 
  end=$(date +%s.%N)
  echo "$cpu" | awk -v s="$start" -v e="$end" '{ printf "%s %.3f\n", $1 + $2, e - s }'
}

echo "| tool | requests/s | requests per CPU-second | p50 | p99 | notes |"
echo "|---|---|---|---|---|---|"

read -r cpu wall < <(measure taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$url")
requests=$(awk '/requests in/ { print $1 }' "$work/out.txt")
rps=$(awk '/Requests\/sec/ { print $2 }' "$work/out.txt")
p50=$(awk '$1 == "50%" { print $2 }' "$work/out.txt")
p99=$(awk '$1 == "99%" { print $2 }' "$work/out.txt")
echo "| wrk 4.1.0 | $rps | $(awk -v r="$requests" -v c="$cpu" 'BEGIN { printf "%.0f", r / c }') | $p50 | $p99 | percentiles CO-corrected by wrk |"

# Cold: the JVM's start and the JIT's warm-up are inside the measured run and its CPU time.
read -r cpu wall < <(measure taskset -c 1 java -jar "$JAR" http "$url" -c "$CONNECTIONS" -d "$DURATION" --warm-up 0s)
requests=$(awk '/requests in/ { print $1 }' "$work/out.txt")
rps=$(awk '/Requests\/sec/ { print $2 }' "$work/out.txt")
p50=$(awk '/p50/ { print $2 }' "$work/out.txt")
p99=$(awk '/p50/ { print $6 }' "$work/out.txt")
echo "| loadkit-bench, cold | $rps | $(awk -v r="$requests" -v c="$cpu" 'BEGIN { printf "%.0f", r / c }') | $p50 | $p99 | includes JVM start and JIT warm-up |"

# Warm: 10 s of unmeasured warm-up first; the generator's core is saturated, so its requests/s are its
# requests per CPU-second.
read -r cpu wall < <(measure taskset -c 1 java -jar "$JAR" http "$url" -c "$CONNECTIONS" -d "$DURATION" --warm-up 10s)
rps=$(awk '/Requests\/sec/ { print $2 }' "$work/out.txt")
p50=$(awk '/p50/ { print $2 }' "$work/out.txt")
p99=$(awk '/p50/ { print $6 }' "$work/out.txt")
echo "| loadkit-bench, warm | $rps | $rps (one core saturated) | $p50 | $p99 | after a 10 s unmeasured warm-up |"
