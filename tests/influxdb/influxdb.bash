# A throwaway InfluxDB 1.6 on loopback, for scripts/test.sh and
# scripts/soak.sh: the real consumer that every line must satisfy. Sourced:
#   start_influxdb DIR   starts it with its data in DIR; sets influx_port,
#                        influxd_pid and exports LFDM_INFLUXDB_URL
#   stop_influxdb        stops it
# Ports are picked free at random, so that two runs on one machine do not
# collide.
influxd_pid=""

port_in_use() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_influxdb() {
    local work=$1 attempt
    for attempt in 1 2 3 4 5; do
        influx_port=$((20000 + RANDOM % 20000))
        port_in_use "$influx_port" && continue
        port_in_use $((influx_port + 1)) && continue
        cat >"$work/influxdb.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$((influx_port + 1))"
[meta]
  dir = "$work/influxdb/meta"
[data]
  dir = "$work/influxdb/data"
  wal-dir = "$work/influxdb/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:$influx_port"
  log-enabled = false
[monitor]
  store-enabled = false
CONF
        influxd -config "$work/influxdb.conf" >"$work/influxd.log" 2>&1 &
        influxd_pid=$!
        for _ in $(seq 1 100); do
            kill -0 "$influxd_pid" 2>/dev/null || break
            if curl -sf "http://127.0.0.1:$influx_port/ping" >/dev/null 2>&1; then
                export LFDM_INFLUXDB_URL="http://127.0.0.1:$influx_port"
                return 0
            fi
            sleep 0.1
        done
        kill "$influxd_pid" 2>/dev/null || true
        wait "$influxd_pid" 2>/dev/null || true
        influxd_pid=""
    done
    echo "cannot start InfluxDB; its log:" >&2
    cat "$work/influxd.log" >&2
    return 1
}

stop_influxdb() {
    if [[ -n "$influxd_pid" ]]; then
        kill "$influxd_pid" 2>/dev/null || true
        wait "$influxd_pid" 2>/dev/null || true
        influxd_pid=""
    fi
}
