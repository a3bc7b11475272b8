#!/usr/bin/env bash
# loadkit-bench redis beside redis-benchmark, in one run, on one machine: redis-server on core 0, each
# client on core 1, 50 connections, no pipelining, SET, GET and XADD. Needs redis-server and
# redis-benchmark (Debian: apt-get install redis-server) and taskset; build the jar first
# (mvn -B -q install -DskipTests). Bounded: about 2 minutes; traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=benchmarks/target/loadkit-bench.jar
port=${PORT:-6390}
seconds=${SECONDS_PER_RUN:-15}
requests=${REQUESTS:-1000000}

taskset -c 0 redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no > /tmp/loadkit-redis-compare.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
until redis-cli -p "$port" ping > /dev/null 2>&1; do sleep 0.1; done

for command in SET GET XADD; do
  lower=$(echo "$command" | tr 'A-Z' 'a-z')
  redis-cli -p "$port" flushall > /dev/null
  if [ "$command" = XADD ]; then
    # redis-benchmark 7.0 has no XADD test of its own: the same command as loadkit-bench sends.
    rb=$(taskset -c 1 redis-benchmark -p "$port" -c 50 -n "$requests" -q XADD mystream '*' myfield xxx | tr '\r' '\n' | grep "^XADD" | tail -1)
  else
    rb=$(taskset -c 1 redis-benchmark -p "$port" -c 50 -n "$requests" -t "$lower" -q | tr '\r' '\n' | grep -i "^$command:" | tail -1)
  fi
  redis-cli -p "$port" flushall > /dev/null
  lk=$(taskset -c 1 java -jar "$jar" redis "redis://127.0.0.1:$port" --command "$command" -c 50 -z "${seconds}s" \
      --warm-up 5s | grep '^Requests/sec' | awk '{print $2}')
  echo "$command  redis-benchmark: $rb   loadkit-bench: $lk requests/s"
done
