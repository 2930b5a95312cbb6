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
