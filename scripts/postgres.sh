#!/usr/bin/env bash
# A private, throw-away PostgreSQL server for tests and benchmarks: its own data directory, a free port on
# 127.0.0.1, trust authentication. Installs PostgreSQL from Debian's packages when it is missing.
#
# As a command:
#   eval "$(scripts/postgres.sh start)"   # sets ACTORS_PG_DIR and ACTORS_TEST_POSTGRES (the connection string)
#   scripts/postgres.sh stop "$ACTORS_PG_DIR"
# Sourced (as scripts/test.sh does):
#   source scripts/postgres.sh; postgres_start; trap postgres_stop EXIT
#
# The connection string is also written to "$ACTORS_PG_DIR/connection-string".
# ACTORS_PG_OPTIONS adds server settings, e.g. "-c fsync=off" for tests that need no durability.

_pg_log() { echo "postgres.sh: $*" >&2; }

# Runs a command as the postgres user when we are root (initdb and postgres refuse to run as root).
_pg_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        # From /, which postgres may enter whatever the caller's current folder.
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

_pg_find_bindir() {
    local dir
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"
        return 0
    fi
    # Debian keeps the server binaries off the PATH, one folder per major version: take the newest.
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
        echo "$dir"
        return 0
    fi
    return 1
}

_pg_install() {
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || { _pg_log "PostgreSQL is not installed and we are not root: install the 'postgresql' package."; return 1; }
        sudo="sudo"
    fi
    _pg_log "PostgreSQL server binaries not found; installing the 'postgresql' package (about 10 s)..."
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
}

_pg_port_in_use() {
    # Something accepting connections on the port, or a stale socket lock of another server on it.
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Starts the server; sets and exports ACTORS_PG_DIR and ACTORS_TEST_POSTGRES.
postgres_start() {
    local bindir dir port attempt
    bindir=$(_pg_find_bindir) || { _pg_install && bindir=$(_pg_find_bindir); } || {
        _pg_log "could not find initdb and pg_ctl, even after installing 'postgresql'."
        return 1
    }

    dir=$(mktemp -d "${TMPDIR:-/tmp}/actors-pg.XXXXXX")
    chmod 755 "$dir"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres:postgres "$dir"
    fi

    if ! _pg_as_owner "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1; then
        _pg_log "initdb failed:"
        cat "$dir/initdb.log" >&2
        rm -rf "$dir"
        return 1
    fi

    # A random free port; if another process takes it between the check and the bind, try another.
    for attempt in 1 2 3 4 5 6 7 8; do
        port=$((20000 + RANDOM % 40000))
        _pg_port_in_use "$port" && continue
        # shellcheck disable=SC2086 # ACTORS_PG_OPTIONS is a list of server options
        if _pg_as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 ${ACTORS_PG_OPTIONS:-}" start >/dev/null; then
            export ACTORS_PG_DIR="$dir"
            export ACTORS_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
            echo "$ACTORS_TEST_POSTGRES" >"$dir/connection-string"
            _pg_log "PostgreSQL ($("$bindir/postgres" --version | awk '{print $3}')) ready on 127.0.0.1:$port, data in $dir"
            return 0
        fi
        if ! grep -qiE "could not bind|address already in use|could not create lock file" "$dir/server.log" 2>/dev/null; then
            break
        fi
        _pg_log "port $port was taken; trying another"
        : >"$dir/server.log"
    done

    _pg_log "the server did not start:"
    cat "$dir/server.log" >&2 2>/dev/null || true
    rm -rf "$dir"
    return 1
}

# Stops the server started by postgres_start (or the one in $1) and deletes its data directory.
postgres_stop() {
    local dir="${1:-${ACTORS_PG_DIR:-}}" bindir
    [ -n "$dir" ] && [ -d "$dir" ] || return 0
    if [ -f "$dir/data/postmaster.pid" ] && bindir=$(_pg_find_bindir); then
        _pg_as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    if [ "${ACTORS_PG_DIR:-}" = "$dir" ]; then
        unset ACTORS_PG_DIR ACTORS_TEST_POSTGRES
    fi
}

# Run as a command rather than sourced.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    case "${1:-}" in
        start)
            postgres_start
            printf 'export ACTORS_PG_DIR=%q\nexport ACTORS_TEST_POSTGRES=%q\n' "$ACTORS_PG_DIR" "$ACTORS_TEST_POSTGRES"
            ;;
        stop)
            postgres_stop "${2:-${ACTORS_PG_DIR:-}}"
            ;;
        *)
            echo "usage: $0 start | stop [DIR]" >&2
            exit 2
            ;;
    esac
fi
