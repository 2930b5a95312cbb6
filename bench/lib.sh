# Helpers shared by the benchmark scripts (source it: `. bench/lib.sh`).

# free_port: prints a loopback port nothing listens on, tried at random in 20000–60000 (a connect that fails means
# the port is free; the server started next binds it). Exits when 50 tries all find a listener.
free_port() {
    local port
    for port in $(shuf -i 20000-60000 -n 50); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    echo "${0##*/}: no free port found" >&2; exit 1
}

# The last build of the store on our own actor runtime, before it moved onto Akka.NET: the peer the benchmarks
# compare with side by side. A commit id, not a tag, so that it travels with the repository.
OWN_RUNTIME_COMMIT=0441716

# own_runtime_host: builds that commit in a git worktree (once, under bench/.own-runtime) and prints the path of its
# actors-host.dll, so that a script can start `serve` of both builds in one run.
own_runtime_host() {
    local root worktree
    root="$(git rev-parse --show-toplevel)"
    worktree="$root/bench/.own-runtime"
    if [ ! -d "$worktree" ]; then
        git -C "$root" worktree add --detach "$worktree" "$OWN_RUNTIME_COMMIT" >/dev/null 2>&1 ||
            { echo "${0##*/}: cannot check out $OWN_RUNTIME_COMMIT (is it in this clone's history?)" >&2; exit 1; }
    fi
    dotnet build "$worktree/src/Host" -c Release -v quiet -nologo >/dev/null
    echo "$worktree/src/Host/bin/Release/net10.0/actors-host.dll"
}
