#!/usr/bin/env bash
# Writes every line the tests recorded (DIR/*.lp) into the InfluxDB at
# $LFDM_INFLUXDB_URL and fails if a single point is refused. All points get
# one timestamp, so that they share a shard and any field whose type differs
# between two lines is refused as a type conflict.
#   accept-lines.sh DIR
set -euo pipefail
dir=$1
url=${LFDM_INFLUXDB_URL:-}
if [[ -z "$url" ]]; then
    echo "LFDM_INFLUXDB_URL is not set: scripts/test.sh starts InfluxDB and sets it"
    exit 77
fi

shopt -s nullglob
files=("$dir"/*.lp)
if [[ ${#files[@]} -eq 0 ]]; then
    echo "no recorded lines in $dir" >&2
    exit 1
fi

db="lfdm_acceptance_$$"
curl -sf -XPOST "$url/query" --data-urlencode "q=CREATE DATABASE $db" >/dev/null
trap 'curl -sf -XPOST "$url/query" --data-urlencode "q=DROP DATABASE $db" >/dev/null || true' EXIT

failed=0
points=0
response=$(mktemp)
chunks=$(mktemp -d)
for file in "${files[@]}"; do
    count=$(wc -l <"$file")
    points=$((points + count))
    [[ $count -gt 0 ]] || continue
    # Requests of 20000 lines at most: InfluxDB refuses bodies over 25 MB,
    # and a soak run records millions.
    rm -f "$chunks"/*
    split -l 20000 "$file" "$chunks/part-"
    for chunk in "$chunks"/part-*; do
        status=$(sed -E 's/ [0-9]+$/ 1700000000000000000/' "$chunk" |
            curl -s -o "$response" -w '%{http_code}' -XPOST \
                "$url/write?db=$db&precision=ns" --data-binary @-)
        if [[ "$status" != "204" ]]; then
            echo "refused ($status): $(basename "$file"): $(cat "$response")" >&2
            failed=1
        fi
    done
done
rm -rf "$response" "$chunks"

if [[ $failed -ne 0 ]]; then
    exit 1
fi
echo "InfluxDB accepted all $points lines from ${#files[@]} test cases"
