#!/usr/bin/env bash
# The cluster's figures on this machine, in one run, on a private PostgreSQL (installed if missing):
#   1. throughput of the load generator (bench --targets) against a 1-host cluster, then against 3 hosts in turn;
#   2. latency of one key read and written at its owner and through a host that forwards it (wrk, one connection);
#   3. hand-off: `cluster probe` writes one key per shard every 20 ms while a 4th host joins and one leaves (SIGTERM);
#      the longest gap per moved shard is its pause;
#   4. failover: the probe again while one host is killed (SIGKILL); the killed host's shards' gaps are the failover time.
#
#   bash bench/cluster/run.sh                 # defaults below; ~4 minutes
#   SHARDS=32 DURATION=20s bash bench/cluster/run.sh
#
# Every host, PostgreSQL, wrk and the load generator share the machine's cores: report ratios, not absolutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh

SHARDS="${SHARDS:-24}"
DURATION="${DURATION:-15s}"
CONCURRENCY="${CONCURRENCY:-32}"
FAILURE_TIMEOUT="${FAILURE_TIMEOUT:-5s}"

command -v wrk >/dev/null || { echo "run.sh: wrk is missing; install it with: apt-get install -y wrk" >&2; exit 1; }
command -v curl >/dev/null || { echo "run.sh: curl is missing; install it with: apt-get install -y curl" >&2; exit 1; }

dotnet build src/Host -c Release -v quiet -nologo >/dev/null
HOST=(dotnet src/Host/bin/Release/net10.0/actors-host.dll)

WORK="$(mktemp -d)"
declare -A PID URL
source scripts/postgres.sh
cleanup() {
    for name in "${!PID[@]}"; do kill -9 "${PID[$name]}" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [ -n "${STARTED_PG:-}" ] && postgres_stop
    rm -rf "$WORK"
}
trap cleanup EXIT
if [ -z "${ACTORS_TEST_POSTGRES:-}" ]; then
    postgres_start
    STARTED_PG=1
fi
SCHEMA="bench$(date +%s)"

start_node() { # name
    local port; port="$(free_port)"
    URL[$1]="http://127.0.0.1:$port"
    "${HOST[@]}" serve --urls "${URL[$1]}" -D "store.data-dir=$WORK/$1" -D "store.shards=$SHARDS" -D actors.log-dead-letters=0 \
        -D cluster.enabled=on -D "cluster.node-name=$1" -D "cluster.advertised-url=${URL[$1]}" \
        -D "cluster.postgres.connection-string=$ACTORS_TEST_POSTGRES" -D "cluster.postgres.schema=$SCHEMA" \
        -D "store.postgresql.schema=${SCHEMA}_journal" -D "cluster.failure-timeout=$FAILURE_TIMEOUT" \
        -D Logging.LogLevel.Default=Warning >"$WORK/$1.out" 2>"$WORK/$1.err" &
    PID[$1]=$!
    for _ in $(seq 1 600); do curl -sf -o /dev/null "${URL[$1]}/health/ready" && return 0; sleep 0.1; done
    echo "run.sh: $1 never became ready:" >&2; tail -20 "$WORK/$1.err" >&2; exit 1
}

wait_spread() { # members: until every shard is assigned and the live members hold them evenly (±1)
    for _ in $(seq 1 600); do
        if curl -sf "${URL[n1]}/v1/cluster" | python3 -c '
import json, sys
view = json.load(sys.stdin); want = int(sys.argv[1])
up = [m["name"] for m in view["members"] if m["status"] == "up"]
counts = [sum(1 for s in view["shards"] if s["owner"] == m and s["state"] == "assigned") for m in up]
sys.exit(0 if len(up) == want and sum(counts) == len(view["shards"]) and max(counts) - min(counts) <= 1 else 1)' "$1"; then return 0; fi
        sleep 0.2
    done
    echo "run.sh: the shards never spread over $1 members" >&2; exit 1
}

bench() { # label targets -> "ops/s p50 p99 verdict"
    local json="$WORK/$1.json"
    "${HOST[@]}" bench --targets "$2" -w mixed -c "$CONCURRENCY" -d "$DURATION" --json "$json" --html "$WORK/$1.html" >"$WORK/$1.bench.out" 2>&1
    python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(round(r["throughput"]), round(r["latency"]["p50"]), round(r["latency"]["p99"]), r["verdict"])' "$json"
}

latency() { # url key -> "p50 p99" (ms) of GETs and PUTs on one connection
    local get put
    get="$(wrk -t1 -c1 -d5s --latency "$1/v1/kv/$2" | awk '$1 == "50%" {a=$2} $1 == "99%" {b=$2} END {print a, b}')"
    cat >"$WORK/put.lua" <<'LUA'
wrk.method = "PUT"; wrk.body = "bench-value"; wrk.headers["Content-Type"] = "text/plain"
LUA
    put="$(wrk -t1 -c1 -d5s --latency -s "$WORK/put.lua" "$1/v1/kv/$2" | awk '$1 == "50%" {a=$2} $1 == "99%" {b=$2} END {print a, b}')"
    echo "$get $put"
}

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $SHARDS shards, failure-timeout $FAILURE_TIMEOUT, PostgreSQL journal" >&2

# 1. Throughput: one host, then three.
start_node n1
wait_spread 1
read -r T1 P50_1 P99_1 V1 < <(bench one-host "${URL[n1]}")
echo "1 host: $T1 ops/s ($V1)" >&2
start_node n2; start_node n3
wait_spread 3
read -r T3 P50_3 P99_3 V3 < <(bench three-hosts "${URL[n1]},${URL[n2]},${URL[n3]}")
echo "3 hosts: $T3 ops/s ($V3)" >&2

# 2. Latency at the owner and through a forwarding host.
KEY="latency-probe"
read -r _ OWNER OWNER_URL _ _ < <("${HOST[@]}" cluster locate "$KEY" --target "${URL[n1]}")
OTHER="n1"; [ "$OWNER" = "n1" ] && OTHER="n2"
curl -sf -X PUT --data-binary "x" "$OWNER_URL/v1/kv/$KEY" >/dev/null
read -r OG50 OG99 OP50 OP99 < <(latency "$OWNER_URL" "$KEY")
read -r FG50 FG99 FP50 FP99 < <(latency "${URL[$OTHER]}" "$KEY")

# 3. Hand-off: a 4th host joins, then n2 leaves gracefully, under the probe.
"${HOST[@]}" cluster probe --targets "${URL[n1]}" --duration 40s --json "$WORK/handoff.json" >"$WORK/handoff.txt" &
PROBE=$!
sleep 3
start_node n4
wait_spread 4
kill -TERM "${PID[n2]}"; wait "${PID[n2]}" || true; unset 'PID[n2]'
wait_spread 3
wait "$PROBE" || true
cat "$WORK/handoff.txt" >&2

# 4. Failover: n3 is killed under the probe.
"${HOST[@]}" cluster probe --targets "${URL[n1]}" --duration 30s --json "$WORK/failover.json" >"$WORK/failover.txt" &
PROBE=$!
sleep 3
kill -9 "${PID[n3]}"; unset 'PID[n3]'
wait "$PROBE" || true
cat "$WORK/failover.txt" >&2

summary() { # file -> "p50 p99 max lost" of the moved shards' gaps (ms)
    python3 -c '
import json, sys, math
r = json.load(open(sys.argv[1]))
def ms(t):
    h, m, s = t.split(":"); return (int(h) * 3600 + int(m) * 60 + float(s)) * 1000
gaps = sorted(ms(s["longestGap"]) for s in r["shards"] if s["moved"])
q = lambda p: gaps[max(0, math.ceil(p * len(gaps)) - 1)] if gaps else 0
print(len(gaps), round(q(0.5)), round(q(0.99)), round(q(1)), sum(1 for s in r["shards"] if s["lost"]), sum(s["refused"] for s in r["shards"]))' "$1"
}
read -r HN H50 H99 HMAX HLOST HREF < <(summary "$WORK/handoff.json")
read -r FN F50 F99 FMAX FLOST FREF < <(summary "$WORK/failover.json")

echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $SHARDS shards, failure-timeout $FAILURE_TIMEOUT"
echo
echo "| Throughput (bench --targets, mixed, $CONCURRENCY workers, $DURATION) | ops/s | p50 µs | p99 µs | verdict |"
echo "|---|---:|---:|---:|---|"
echo "| 1 host (a 1-member cluster: nothing forwarded) | $T1 | $P50_1 | $P99_1 | $V1 |"
echo "| 3 hosts, requests spread over all three (2/3 forwarded) | $T3 | $P50_3 | $P99_3 | $V3 |"
echo
echo "| Latency of one key, one connection (wrk -c1, 5 s) | GET p50 | GET p99 | PUT p50 | PUT p99 |"
echo "|---|---:|---:|---:|---:|"
echo "| at the owner | $OG50 | $OG99 | $OP50 | $OP99 |"
echo "| through a non-owner (forwarded) | $FG50 | $FG99 | $FP50 | $FP99 |"
echo
echo "| Pause per moved shard (cluster probe, a write per shard every 20 ms) | shards moved | p50 | p99 | max | writes refused | acknowledged writes lost | target |"
echo "|---|---:|---:|---:|---:|---:|---:|---|"
echo "| hand-off (a 4th host joins, then one leaves with SIGTERM) | $HN | $H50 ms | $H99 ms | $HMAX ms | $HREF | $HLOST | p99 ≤ 1000 ms |"
echo "| failover (one host SIGKILLed) | $FN | $F50 ms | $F99 ms | $FMAX ms | $FREF | $FLOST | max ≤ 2 × $FAILURE_TIMEOUT |"
