#!/usr/bin/env bash
# HTTP throughput of `serve` against a yardstick (bench/Yardstick: the same GET/PUT surface over a ConcurrentDictionary),
# measured with wrk on loopback in one run: keep-alive, 64 connections, small values over 10,000 keys.
#
#   bash bench/http/run.sh                  # 10 s per measurement after a 5 s warm-up
#   DURATION=20s ROUNDS=3 CONNECTIONS=64 bash bench/http/run.sh
#   OWN_RUNTIME=1 bash bench/http/run.sh    # also `serve` of own-runtime (bench/lib.sh: built in bench/.own-runtime)
#
# wrk shares the machine's cores with the servers, so only the ratios mean anything; each figure is the best of
# ROUNDS measurements taken in turn with the other servers'. Prints a Markdown table.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh

DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-5s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
ROUNDS="${ROUNDS:-2}"
OWN_RUNTIME="${OWN_RUNTIME:-0}"
KEYS=10000

command -v wrk >/dev/null || { echo "run.sh: wrk is missing; install it with: apt-get install -y wrk" >&2; exit 1; }
command -v curl >/dev/null || { echo "run.sh: curl is missing; install it with: apt-get install -y curl" >&2; exit 1; }

dotnet build src/Host -c Release -v quiet -nologo >/dev/null
dotnet build bench/Yardstick -c Release -v quiet -nologo >/dev/null
WORK="$(mktemp -d)"
# The servers run from copies of the builds, so that a build in the checkout meanwhile cannot change what is measured.
cp -r src/Host/bin/Release/net10.0 "$WORK/host-bin"
HOST_DLL="$WORK/host-bin/actors-host.dll"
YARDSTICK_DLL=bench/Yardstick/bin/Release/net10.0/Yardstick.dll
if [ "$OWN_RUNTIME" = 1 ]; then
    OWN_HOST_DLL="$(own_runtime_host)"
    [ -f "$OWN_HOST_DLL" ] || { echo "run.sh: the own-runtime host ($OWN_RUNTIME_COMMIT) did not build" >&2; exit 1; }
    cp -r "$(dirname "$OWN_HOST_DLL")" "$WORK/own-host-bin"
    OWN_HOST_DLL="$WORK/own-host-bin/actors-host.dll"
fi
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

wait_ready() { # url [any]: until it answers 2xx (or, with "any", anything at all)
    for _ in $(seq 1 300); do
        if [ -n "${2:-}" ]; then
            curl -s -o /dev/null "$1" && return 0
        else
            curl -sf -o /dev/null "$1" && return 0
        fi
        sleep 0.1
    done
    echo "run.sh: $1 never became ready" >&2; exit 1
}

preload() { # base-url
    local config="$WORK/preload.curl"
    : > "$config"
    for i in $(seq 0 $((KEYS - 1))); do echo "url = \"$1/v1/kv/key-$i\"" >> "$config"; done
    curl -sf -X PUT -H "Content-Type: application/octet-stream" --data-binary "$(printf "v%.0s" $(seq 1 32))" -K "$config" >/dev/null
}

start_serve() { # name durability [host-dll] -> sets URL
    local port; port="$(free_port)"
    rm -rf "$WORK/$1"
    dotnet "${3:-$HOST_DLL}" serve --urls "http://127.0.0.1:$port" -D "store.data-dir=$WORK/$1" -D "store.durability=$2" \
        -D actors.log-dead-letters=0 >"$WORK/$1.out" 2>"$WORK/$1.err" &
    PIDS+=("$!")
    URL="http://127.0.0.1:$port"
    wait_ready "$URL/health/ready"
}

start_yardstick() {
    local port; port="$(free_port)"
    dotnet "$YARDSTICK_DLL" --urls "http://127.0.0.1:$port" >"$WORK/yardstick.out" 2>&1 &
    PIDS+=("$!")
    URL="http://127.0.0.1:$port"
    wait_ready "$URL/v1/kv/none" any
}

measure() { # url lua -> "requests/s p99-ms errors"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "bench/http/$2" "$1" >/dev/null
    local out; out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "bench/http/$2" "$1")"
    echo "$out" > "$WORK/last-wrk.txt"
    local rps p99 errors
    rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
    p99="$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; printf "%.2f", v}' <<<"$out")"
    errors="$(awk '/Non-2xx or 3xx responses:/ {print $5} /Socket errors:/ {print "socket:" $0}' <<<"$out" | paste -sd' ')"
    echo "$rps $p99 ${errors:-0}"
}

declare -A RESULT
run() { # label url lua: keeps the best of the rounds (the one least disturbed by anything else on the machine)
    read -r rps p99 errors < <(measure "$2" "$3")
    echo "  $1: $rps req/s, p99 $p99 ms, errors: $errors" >&2
    if [ -z "${RESULT[$1]:-}" ] || awk -v a="$rps" -v b="$(cut -d' ' -f1 <<<"${RESULT[$1]}")" 'BEGIN { exit !(a > b) }'; then
        RESULT[$1]="$rps $p99 $errors"
    fi
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "load before: $LOAD_BEFORE on $(nproc) cores; wrk -t$THREADS -c$CONNECTIONS -d$DURATION (warm-up $WARMUP), best of $ROUNDS rounds" >&2

# All three servers run at once (idle ones cost nothing) and are measured in turn, round after round, so that a
# change in the machine's load hits them alike.
start_yardstick; Y_URL="$URL"; preload "$URL"
start_serve memory none; N_URL="$URL"; preload "$URL"
start_serve sqlite batched; B_URL="$URL"; preload "$URL"
if [ "$OWN_RUNTIME" = 1 ]; then
    start_serve own-memory none "$OWN_HOST_DLL"; ON_URL="$URL"; preload "$URL"
    start_serve own-sqlite batched "$OWN_HOST_DLL"; OB_URL="$URL"; preload "$URL"
fi
for round in $(seq 1 "$ROUNDS"); do
    echo "round $round" >&2
    run yardstick-get "$Y_URL" get.lua
    run serve-none-get "$N_URL" get.lua
    if [ "$OWN_RUNTIME" = 1 ]; then run own-none-get "$ON_URL" get.lua; fi
    run serve-batched-get "$B_URL" get.lua
    if [ "$OWN_RUNTIME" = 1 ]; then run own-batched-get "$OB_URL" get.lua; fi
    run yardstick-put "$Y_URL" put.lua
    run serve-none-put "$N_URL" put.lua
    if [ "$OWN_RUNTIME" = 1 ]; then run own-none-put "$ON_URL" put.lua; fi
    run serve-batched-put "$B_URL" put.lua
    if [ "$OWN_RUNTIME" = 1 ]; then run own-batched-put "$OB_URL" put.lua; fi
done

LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "load after: $LOAD_AFTER" >&2

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
field() { local v; v="$(cut -d' ' -f"$2" <<<"${RESULT[$1]}")"; if [ "$2" = 1 ]; then printf "%.0f" "$v"; else echo "$v"; fi; }
Y_GET="$(field yardstick-get 1)"; Y_PUT="$(field yardstick-put 1)"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average (1/5/15 min) before: $LOAD_BEFORE, after: $LOAD_AFTER"
echo
echo "| Workload (wrk -c$CONNECTIONS -t$THREADS -d$DURATION, 10,000 keys, 32-byte values) | Yardstick req/s | Yardstick p99 | serve req/s | serve p99 | Ratio | Target |"
echo "|---|---:|---:|---:|---:|---:|---:|"
echo "| GET (durability none) | $Y_GET | $(field yardstick-get 2) ms | $(field serve-none-get 1) | $(field serve-none-get 2) ms | $(ratio "$(field serve-none-get 1)" "$Y_GET") | ≥ 0.8 |"
echo "| GET (batched, SQLite) | $Y_GET | $(field yardstick-get 2) ms | $(field serve-batched-get 1) | $(field serve-batched-get 2) ms | $(ratio "$(field serve-batched-get 1)" "$Y_GET") | ≥ 0.8 |"
echo "| PUT (durability none) | $Y_PUT | $(field yardstick-put 2) ms | $(field serve-none-put 1) | $(field serve-none-put 2) ms | $(ratio "$(field serve-none-put 1)" "$Y_PUT") | ≥ 0.8 |"
echo "| PUT (batched, SQLite) | $Y_PUT | $(field yardstick-put 2) ms | $(field serve-batched-put 1) | $(field serve-batched-put 2) ms | $(ratio "$(field serve-batched-put 1)" "$Y_PUT") | ≥ 0.5 |"
if [ "$OWN_RUNTIME" = 1 ]; then
    echo
    echo "own-runtime ($OWN_RUNTIME_COMMIT) \`serve\`, measured in the same rounds:"
    echo
    echo "| Workload | own-runtime req/s | own-runtime p99 | own-runtime / yardstick | serve (Akka.NET) / own-runtime |"
    echo "|---|---:|---:|---:|---:|"
    echo "| GET (durability none) | $(field own-none-get 1) | $(field own-none-get 2) ms | $(ratio "$(field own-none-get 1)" "$Y_GET") | $(ratio "$(field serve-none-get 1)" "$(field own-none-get 1)") |"
    echo "| GET (batched, SQLite) | $(field own-batched-get 1) | $(field own-batched-get 2) ms | $(ratio "$(field own-batched-get 1)" "$Y_GET") | $(ratio "$(field serve-batched-get 1)" "$(field own-batched-get 1)") |"
    echo "| PUT (durability none) | $(field own-none-put 1) | $(field own-none-put 2) ms | $(ratio "$(field own-none-put 1)" "$Y_PUT") | $(ratio "$(field serve-none-put 1)" "$(field own-none-put 1)") |"
    echo "| PUT (batched, SQLite) | $(field own-batched-put 1) | $(field own-batched-put 2) ms | $(ratio "$(field own-batched-put 1)" "$Y_PUT") | $(ratio "$(field serve-batched-put 1)" "$(field own-batched-put 1)") |"
fi
