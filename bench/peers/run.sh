#!/usr/bin/env bash
# serve's Redis protocol side by side with Redis and Garnet, in one run, each driven by the same clients:
#   - Debian's redis-server: AOF off, then appendfsync everysec, then appendfsync always;
#   - Garnet (the garnet-server dotnet tool, 2.2.12): without its AOF, with it, and with it waiting for each commit;
#   - serve: store.durability = none, batched, strict.
# Each gets redis-benchmark (-t set,get,incr -c 50, unpipelined and -P 16, 10,000 random keys, 16-byte values) and
# the lab's load generator through StackExchange.Redis (60% GET, 30% SET, 10% INCR; uniform and Zipf; 32 workers).
# Then a correctness leg: the lab's content verifier and the per-key linearizability checker over a short RESP history
# against serve (batched) and, as a control, against Redis; both must pass (the script exits 1 otherwise).
#
#   bash bench/peers/run.sh                                   # about 10 minutes
#   REQUESTS=50000 PIPELINED_REQUESTS=500000 LAB_DURATION=5s bash bench/peers/run.sh
#   SYSTEMS="redis actors" MODES_ACTORS="none" bash bench/peers/run.sh
#
# It installs what it needs when missing (redis-server and redis-tools from Debian, the Garnet tool from NuGet into
# bench/.peers/garnet). Servers listen on free loopback ports, keep their data under bench/.peers/work (a real disk,
# so fsync costs what it costs) and are stopped on exit. Results: bench/peers/results/<time>/ — redis-benchmark's CSVs,
# the lab's JSON, peers.md (the table) and peers.html (the lab's report format, with charts).
# The clients share the machine's 2 cores with the server they drive: only figures taken side by side mean anything.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh

REQUESTS="${REQUESTS:-100000}"
PIPELINED_REQUESTS="${PIPELINED_REQUESTS:-1000000}"
# Durable modes are slower: they get REQUESTS / DURABLE_DIVISOR requests, so that one run stays within minutes.
DURABLE_DIVISOR="${DURABLE_DIVISOR:-4}"
LAB_DURATION="${LAB_DURATION:-10s}"
CLIENTS=50
KEYSPACE=10000
SYSTEMS="${SYSTEMS:-redis garnet actors}"
MODES_REDIS="${MODES_REDIS:-none everysec always}"
MODES_GARNET="${MODES_GARNET:-none aof aof-wait}"
MODES_ACTORS="${MODES_ACTORS:-none batched strict}"
GARNET_VERSION=2.2.12
OUT="${OUT:-bench/peers/results/$(date -u +%Y%m%d-%H%M%S)}"

# --- what the run needs, installed if missing ---
if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-benchmark >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq redis-server redis-tools >/dev/null
fi
GARNET_DIR=bench/.peers/garnet
if [ ! -x "$GARNET_DIR/garnet-server" ]; then
    dotnet tool install --tool-path "$GARNET_DIR" garnet-server --version "$GARNET_VERSION" >/dev/null
fi
GARNET="$GARNET_DIR/garnet-server"

dotnet build src/Host -c Release -v quiet -nologo >/dev/null
dotnet build bench/peers/Driver -c Release -v quiet -nologo >/dev/null
mkdir -p bench/.peers "$OUT"
WORK="$(mktemp -d "$PWD/bench/.peers/work.XXXXXX")"
# Servers and driver run from copies of the builds, so that a build in the checkout meanwhile cannot change what is measured.
cp -r src/Host/bin/Release/net10.0 "$WORK/host-bin"
cp -r bench/peers/Driver/bin/Release/net10.0 "$WORK/driver-bin"
HOST_DLL="$WORK/host-bin/actors-host.dll"
DRIVER="$WORK/driver-bin/PeerDriver.dll"
SERVER_PID=""
stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}
cleanup() { stop_server; rm -rf "$WORK"; }
trap cleanup EXIT

# start SYSTEM MODE PORT DIR: starts one server in the background (SERVER_PID).
start() {
    local system=$1 mode=$2 port=$3 dir=$4
    mkdir -p "$dir"
    case "$system:$mode" in
        redis:none)     redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --save '' --appendonly no >"$dir/log" 2>&1 & ;;
        redis:everysec) redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --save '' --appendonly yes --appendfsync everysec >"$dir/log" 2>&1 & ;;
        redis:always)   redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --save '' --appendonly yes --appendfsync always >"$dir/log" 2>&1 & ;;
        garnet:none)    "$GARNET" --port "$port" --bind 127.0.0.1 -m 1g >"$dir/log" 2>&1 & ;;
        # Garnet's native Linux device needs a libaio/liburing build that Debian 12 does not match; its portable
        # RandomAccess device writes the same AOF through .NET's file API.
        garnet:aof)     "$GARNET" --port "$port" --bind 127.0.0.1 -m 1g --aof --device-type RandomAccess --checkpointdir "$dir" >"$dir/log" 2>&1 & ;;
        garnet:aof-wait) "$GARNET" --port "$port" --bind 127.0.0.1 -m 1g --aof --aof-commit-wait --device-type RandomAccess --checkpointdir "$dir" >"$dir/log" 2>&1 & ;;
        actors:*)       dotnet "$HOST_DLL" serve --urls http://127.0.0.1:0 --resp-port "$port" -D store.data-dir="$dir" -D store.durability="$mode" >"$dir/log" 2>&1 & ;;
        *) echo "run.sh: unknown system and mode $system:$mode" >&2; exit 1 ;;
    esac
    SERVER_PID=$!
    # Ready when it takes a write (serve answers PING before its shards have recovered).
    for _ in $(seq 1 600); do
        if [ "$(redis-cli -p "$port" set peers:ready 1 2>/dev/null)" = "OK" ]; then return 0; fi
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "run.sh: $system $mode exited at start:" >&2; tail -20 "$dir/log" >&2; exit 1; }
        sleep 0.1
    done
    echo "run.sh: $system $mode did not become ready on port $port" >&2; tail -20 "$dir/log" >&2; exit 1
}

measure() { # SYSTEM MODE PORT
    local system=$1 mode=$2 port=$3 requests=$REQUESTS pipelined=$PIPELINED_REQUESTS
    if [ "$mode" != none ]; then requests=$((REQUESTS / DURABLE_DIVISOR)); pipelined=$((PIPELINED_REQUESTS / DURABLE_DIVISOR)); fi
    echo "== $system $mode (port $port): redis-benchmark -n $requests, -P 16 -n $pipelined; lab $LAB_DURATION uniform and zipf" >&2
    # A warm-up first: the .NET servers compile their hot paths on first use.
    redis-benchmark -p "$port" -t set,get -c "$CLIENTS" -n $((requests / 5)) -r "$KEYSPACE" -d 16 -q >/dev/null 2>&1
    redis-benchmark -p "$port" -t set,get,incr -c "$CLIENTS" -n "$requests" -r "$KEYSPACE" -d 16 --csv 2>/dev/null > "$OUT/bench.$system.$mode.P1.csv"
    redis-benchmark -p "$port" -t set,get,incr -c "$CLIENTS" -n "$pipelined" -r "$KEYSPACE" -d 16 -P 16 --csv 2>/dev/null > "$OUT/bench.$system.$mode.P16.csv"
    for distribution in uniform zipf; do
        dotnet "$DRIVER" lab --endpoint "127.0.0.1:$port" --system "$system $mode" --distribution "$distribution" --workers 32 \
            --duration "$LAB_DURATION" --out "$OUT/lab.$system.$mode.$distribution.json" >&2 ||
            echo "run.sh: the lab leg against $system $mode failed (its row says why)" >&2
    done
}

for system in $SYSTEMS; do
    modes_var="MODES_${system^^}"
    for mode in ${!modes_var}; do
        port="$(free_port)"
        start "$system" "$mode" "$port" "$WORK/data-$system-$mode"
        measure "$system" "$mode" "$port"
        stop_server
    done
done

# --- correctness: serve (batched) and Redis as the control ---
status=0
for target in "actors batched" "redis none"; do
    set -- $target
    port="$(free_port)"
    start "$1" "$2" "$port" "$WORK/check-$1-$2"
    echo "== correctness: $1 $2" >&2
    dotnet "$DRIVER" check --endpoint "127.0.0.1:$port" --system "$1 $2" --out "$OUT/check.$1-$2.txt" >&2 || status=1
    stop_server
done

dotnet "$DRIVER" report --dir "$OUT" --html "$OUT/peers.html" --markdown "$OUT/peers.md"
echo "results: $OUT (peers.md, peers.html)" >&2
exit $status
