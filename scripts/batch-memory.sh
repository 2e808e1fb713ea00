#!/usr/bin/env bash
# Measures the resident memory of `parley screen --jsonl` over 100 000 lines
# (issue: batch mode streams, under 50 MB). Prints the peak RSS and the rate.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/parley" ./cmd/parley
python3 - "$work/in.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open("screen/testdata/dev.jsonl")]
with open(sys.argv[1], "w") as f:
    for i in range(100_000):
        r = rows[i % len(rows)]
        f.write(json.dumps({"id": i, "text": r["text"]}, ensure_ascii=False) + "\n")
PY
start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$work/rss" "$work/parley" screen --jsonl "$work/in.jsonl" > "$work/out.jsonl"
end=$(date +%s.%N)
lines=$(wc -l < "$work/out.jsonl")
rss_kb=$(cat "$work/rss")
echo "lines out: $lines"
echo "peak RSS: $((rss_kb / 1024)) MB"
python3 -c "print(f'rate: {$lines/($end-$start):.0f} inquiries/s (one process)')"
[ "$lines" -eq 100000 ] && [ "$rss_kb" -lt $((50 * 1024)) ]
