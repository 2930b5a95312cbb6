#!/usr/bin/env bash
# The store on Akka.NET (this checkout) beside own-runtime (commit $OWN_RUNTIME_COMMIT of bench/lib.sh, the last build
# on the project's own actor runtime), in one run: the same benchmark commands of both builds, taking turns
# (Akka.NET, own-runtime, Akka.NET, own-runtime, ...) so that the machine's background load touches both alike.
#
#   bash bench/own-runtime/run.sh                                  # every leg, 2 rounds
#   LEGS="durable recovery" ROUNDS=1 bash bench/own-runtime/run.sh # some legs only
#   ACTORS_TEST_POSTGRES='Host=...;Username=...' bash bench/own-runtime/run.sh   # store-durable on PostgreSQL too
#
# Legs (LEGS, space-separated; default all, in this order):
#   durable    Actors.Benchmarks store-durable   acknowledged writes/s, 64 writers, SQLite (and PostgreSQL)
#   recovery   Actors.Benchmarks store-recovery  recovery of a journal of 1M events
#   memory     Actors.Benchmarks store-memory    pipelined writes / increments against ConcurrentDictionary
#   footprint  Actors.Benchmarks store-footprint heap of 1M keys against a plain Dictionary
#   overload   Actors.Benchmarks store-overload  working set of a bounded store offered 10× its rate
#   lab        actors-host bench                 the lab's eight strategies (actor, concurrent, ...), mixed workload
#   ask        Actors.Benchmarks (BenchmarkDotNet, short job in process) Ask round trips from one caller
#
# own-runtime is checked out into the git worktree bench/.own-runtime (gitignored) and built there (own_runtime_host
# of bench/lib.sh); bench/own-runtime/OwnRuntimeAskBenchmarks.cs is copied into its benchmark project first (the
# Ask peers; nothing else of that build is changed). Both builds' outputs are copied aside before anything runs, so
# that a build in the checkout meanwhile cannot change what is measured. Every command's output is kept under OUT
# (default: a fresh directory under /tmp, printed); a Markdown summary of the figures ends the run.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh

ROUNDS="${ROUNDS:-2}"
LEGS="${LEGS:-durable recovery memory footprint overload lab ask}"
OUT="${OUT:-$(mktemp -d /tmp/own-runtime-bench.XXXXXX)}"
mkdir -p "$OUT"
ROOT="$(pwd)"
WORKTREE="$ROOT/bench/.own-runtime"

echo "builds: Akka.NET = $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench || echo ' (with uncommitted changes)'), own-runtime = $OWN_RUNTIME_COMMIT; logs in $OUT" >&2

# --- build both, then copy the outputs aside -----------------------------------------------------------------------
OWN_HOST_DLL="$(own_runtime_host)"
[ -f "$OWN_HOST_DLL" ] || { echo "run.sh: the own-runtime host did not build" >&2; exit 1; }
cp bench/own-runtime/OwnRuntimeAskBenchmarks.cs "$WORKTREE/bench/Actors.Benchmarks/"
dotnet build "$WORKTREE/bench/Actors.Benchmarks" -c Release -v quiet -nologo >"$OUT/build-own.log" 2>&1 ||
    { echo "run.sh: the own-runtime benchmarks did not build, see $OUT/build-own.log" >&2; exit 1; }
dotnet build src/Host -c Release -v quiet -nologo >"$OUT/build-new.log" 2>&1 &&
    dotnet build bench/Actors.Benchmarks -c Release -v quiet -nologo >>"$OUT/build-new.log" 2>&1 ||
    { echo "run.sh: this checkout did not build, see $OUT/build-new.log" >&2; exit 1; }

BIN="$OUT/bin"
rm -rf "$BIN"; mkdir -p "$BIN"
cp -r src/Host/bin/Release/net10.0 "$BIN/new-host"
cp -r bench/Actors.Benchmarks/bin/Release/net10.0 "$BIN/new-bench"
cp -r "$(dirname "$OWN_HOST_DLL")" "$BIN/own-host"
cp -r "$WORKTREE/bench/Actors.Benchmarks/bin/Release/net10.0" "$BIN/own-bench"

RUN_DIR="$OUT/cwd"   # BenchmarkDotNet's artifacts and the lab's reports land here, not in the checkout
mkdir -p "$RUN_DIR"

bench_of() { [ "$1" = new ] && echo "$BIN/new-bench/Actors.Benchmarks.dll" || echo "$BIN/own-bench/Actors.Benchmarks.dll"; }
host_of() { [ "$1" = new ] && echo "$BIN/new-host/actors-host.dll" || echo "$BIN/own-host/actors-host.dll"; }
label() { [ "$1" = new ] && echo "Akka.NET" || echo "own-runtime"; }

# run_leg leg round build command...: runs one command, keeps its output in $OUT/<leg>-<build>-<round>.log
run_leg() {
    local leg="$1" round="$2" build="$3"; shift 3
    local log="$OUT/$leg-$build-$round.log"
    echo "== $leg, round $round, $(label "$build"): $*" | tee "$log" >&2
    local started; started=$(date +%s)
    (cd "$RUN_DIR" && "$@") >>"$log" 2>&1 || echo "run.sh: $leg ($build, round $round) exited with $?" | tee -a "$log" >&2
    if [ "$leg" = ask ]; then
        grep '^|' "$log" >&2 || true
    else
        sed 's/\x1b\[[0-9;]*m//g' "$log" | tail -n +2 | grep -v '^\s*$' | grep -vE ' (starting|measuring|warming up|verifying) ' | head -60 >&2 || true
    fi
    echo "   ($(( $(date +%s) - started )) s)" >&2
}

for_rounds() { # leg command-builder: the builder sets CMD to the command for a build and round
    local leg="$1" builder="$2"
    for round in $(seq 1 "$ROUNDS"); do
        for build in new own; do
            "$builder" "$build" "$round"
            run_leg "$leg" "$round" "$build" "${CMD[@]}"
        done
    done
}

CMD=()
cmd_durable() { CMD=(dotnet "$(bench_of "$1")" store-durable); }
cmd_recovery() { CMD=(dotnet "$(bench_of "$1")" store-recovery); }
cmd_memory() { CMD=(dotnet "$(bench_of "$1")" store-memory); }
cmd_footprint() { CMD=(dotnet "$(bench_of "$1")" store-footprint); }
cmd_overload() { CMD=(dotnet "$(bench_of "$1")" store-overload "${OVERLOAD_SECONDS:-30}"); }
cmd_lab() { CMD=(dotnet "$(host_of "$1")" bench --json "$OUT/lab-$1-$2.json" --html "$OUT/lab-$1-$2.html"); }
cmd_ask() {
    if [ "$1" = new ]; then
        CMD=(env ACTORS_BENCH_SHORT=1 dotnet "$(bench_of new)" --filter 'Actors.Benchmarks.AskBenchmarks*')
    else
        CMD=(dotnet "$(bench_of own)" --filter 'Actors.Benchmarks.OwnRuntimeAskBenchmarks*')
    fi
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
STARTED_AT="$(date -u '+%Y-%m-%d %H:%M UTC')"
for leg in $LEGS; do
    case "$leg" in
        durable|recovery|memory|footprint|overload|lab|ask) for_rounds "$leg" "cmd_$leg" ;;
        *) echo "run.sh: unknown leg '$leg'" >&2; exit 2 ;;
    esac
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- the summary --------------------------------------------------------------------------------------------------
clean() { sed 's/\x1b\[[0-9;]*m//g' "$1" 2>/dev/null || true; }
# figure leg build round: prints one figure of a log (empty when the leg did not run or printed no such line)
figure() {
    local log="$OUT/$2-$3-$4.log"
    case "$1" in
        sqlite) clean "$log" | awk '/^SQLite, batched \(group commit\)/ {gsub(",", "", $(NF-2)); print $(NF-2)}' ;;
        strict) clean "$log" | awk '/^SQLite, strict \(fsync every commit\)/ {gsub(",", "", $(NF-2)); print $(NF-2)}' ;;
        postgres) clean "$log" | awk '/^PostgreSQL, batched \(group commit\)/ {gsub(",", "", $(NF-2)); print $(NF-2)}' ;;
        recovery) clean "$log" | sed -n 's/.* \([0-9,]*\) events\/s (target.*/\1/p' | tr -d , ;;
        writes) clean "$log" | sed -n 's/^writes: .* = \([0-9.]*\)× unbounded.*/\1/p' ;;
        writes-bounded) clean "$log" | sed -n 's/^writes: .* unbounded, \([0-9.]*\)× bounded.*/\1/p' ;;
        increments) clean "$log" | sed -n 's/^increments: .* = \([0-9.]*\)×.*/\1/p' ;;
        footprint) clean "$log" | sed -n 's/.*shard actors.* = \([0-9.]*\)× (target.*/\1/p' ;;
        overload-growth) clean "$log" | sed -n 's/^working set: .*(+\([0-9]*\) MB).*/\1/p' ;;
        overload-live) clean "$log" | sed -n 's/.*live heap after a full collection \([0-9]*\) MB.*/\1/p' ;;
        overload-refused) clean "$log" | sed -n 's/^offered .* refused [0-9,]* (\([0-9.]*\)%).*/\1/p' ;;
        lab-actor|lab-concurrent)
            [ -f "$OUT/lab-$3-$4.json" ] && jq -r --arg s "${1#lab-}" '.results[] | select(.strategy == $s) | .throughput' "$OUT/lab-$3-$4.json" ;;
        lab-ratio)
            [ -f "$OUT/lab-$3-$4.json" ] && jq -r '([.results[] | select(.strategy == "actor") | .throughput][0]) / ([.results[] | select(.strategy == "concurrent") | .throughput][0]) * 100 | round / 100' "$OUT/lab-$3-$4.json" ;;
    esac
    return 0
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "–"; else printf "%.2f", a / b }'; }

echo
echo "$STARTED_AT, $(nproc) cores, load average (1/5/15 min) before: $LOAD_BEFORE, after: $LOAD_AFTER; Akka.NET = $(git rev-parse --short HEAD), own-runtime = $OWN_RUNTIME_COMMIT; logs in $OUT"
echo
header="| Figure | Leg |"; rule="|---|---|"
for round in $(seq 1 "$ROUNDS"); do header="$header Akka.NET r$round | own-runtime r$round | ratio r$round |"; rule="$rule---:|---:|---:|"; done
echo "$header"; echo "$rule"
row() { # name figure leg
    local line="| $1 | $3 |" any=""
    for round in $(seq 1 "$ROUNDS"); do
        local a b; a="$(figure "$2" "$3" new "$round" | head -1)"; b="$(figure "$2" "$3" own "$round" | head -1)"
        [ -n "$a$b" ] && any=1
        line="$line ${a:-–} | ${b:-–} | $(ratio "$a" "$b") |"
    done
    [ -n "$any" ] && echo "$line"
    return 0
}
row "SQLite batched, acknowledged writes/s" sqlite durable
row "SQLite strict, acknowledged writes/s" strict durable
row "PostgreSQL batched, acknowledged writes/s" postgres durable
row "recovery, events/s" recovery recovery
row "pipelined writes / ConcurrentDictionary (×)" writes memory
row "  … bounded shard mailboxes (×)" writes-bounded memory
row "Zipf increments / ConcurrentDictionary (×)" increments memory
row "1M keys: store / Dictionary (×)" footprint footprint
row "overload: working-set growth (MB)" overload-growth overload
row "overload: live heap after (MB)" overload-live overload
row "overload: refused (%)" overload-refused overload
row "lab actor, ops/s" lab-actor lab
row "lab concurrent, ops/s" lab-concurrent lab
row "lab actor / concurrent (×)" lab-ratio lab
if [[ " $LEGS " == *" ask "* ]]; then
    echo
    echo "Ask round trips (BenchmarkDotNet short run, in process; mean per call):"
    for round in $(seq 1 "$ROUNDS"); do
        for build in new own; do
            clean "$OUT/ask-$build-$round.log" | awk -F'|' -v l="$(label "$build") r$round" '
                /^\|/ && /Method/ { for (i = 2; i <= NF; i++) { c = $i; gsub(/^ +| +$/, "", c); if (c == "Mean") mean = i }; next }
                /^\| / && !/^\|-/ && mean { m = $2; v = $mean; gsub(/^ +| +$/, "", m); gsub(/^ +| +$/, "", v); print "  " l ": " m " = " v }'
        done
    done
fi
