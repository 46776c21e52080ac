#!/usr/bin/env bash
# Load and soak benchmark of `pocsift serve` on loopback, bounded in time.
#
#   bench/serve/load.sh <pocsift binary> [soak seconds (default 120)]
#
# 1. read path: wrk on GET /healthz and GET /v1/cases/{id} (20 s each);
# 2. mixed soak: wrk with bench/serve/mixed.lua — one request in POST_EVERY submits a new
#    bundle (judged by the static rules: the server runs --static-only), the rest read a case
#    or list — while the server's RSS is sampled every 5 s;
# 3. drain: waits for the queue to empty, then checks that every acknowledged (202) case is in
#    the store and done: no case lost.
set -euo pipefail
binary=$(realpath "$1")
soak=${2:-120}
here=$(cd "$(dirname "$0")" && pwd)
command -v wrk >/dev/null || { echo "load.sh: wrk is not installed (scripts/packages/serve.txt)" >&2; exit 1; }

work=$(mktemp -d /tmp/pocsift-serve-bench-XXXXXX)
server_pid=
cleanup() { [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

threads=2
connections=32
post_every=${POST_EVERY:-20}
token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
echo "bench:submit,read:$token" > "$work/tokens"
bundles=$(( soak * 200 / post_every + 1000 ))
python3 "$here/make_bundles.py" "$work/bundles" "$bundles"
python3 "$here/make_bundles.py" "$work/seed" 1

"$binary" serve --port 0 --store "$work/cases.sqlite" --tokens "$work/tokens" --static-only \
  --queue-limit 100000 --submitter-queue-limit 100000 --http-threads 64 --connection-backlog 256 \
  > "$work/stdout" 2> "$work/stderr" &
server_pid=$!
for _ in $(seq 100); do grep -q listening "$work/stdout" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' "$work/stdout")
base="http://127.0.0.1:$port"
auth="Authorization: Bearer $token"
case_id=$(curl -sf -H "$auth" --data-binary @"$work/seed/0.tar.gz" "$base/v1/cases" |
          python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
rss() { awk '/VmRSS/ {print $2}' "/proc/$server_pid/status"; }
echo "server pid $server_pid on $base; $(nproc) cores; RSS at start $(rss) kB"

echo "== GET /healthz (20 s, $threads threads, $connections connections)"
wrk -t"$threads" -c"$connections" -d20s --latency "$base/healthz" | sed -n '/Latency Distribution/,$p'
echo "== GET /v1/cases/{id} with a token (20 s)"
wrk -t"$threads" -c"$connections" -d20s --latency -H "$auth" "$base/v1/cases/$case_id" |
  sed -n '/Latency Distribution/,$p'
echo "RSS after the read runs $(rss) kB"

echo "== mixed soak: ${soak} s, 1 in $post_every requests submits a new bundle"
( while kill -0 "$server_pid" 2>/dev/null; do echo "$(date +%s) $(rss)"; sleep 5; done ) > "$work/rss" &
sampler=$!
POCSIFT_TOKEN=$token POCSIFT_BUNDLES=$work/bundles POCSIFT_BUNDLE_COUNT=$bundles \
POCSIFT_CASE=$case_id POCSIFT_IDS=$work/ids POCSIFT_POST_EVERY=$post_every POCSIFT_THREADS=$threads \
  wrk -t"$threads" -c"$connections" -d"${soak}s" --latency -s "$here/mixed.lua" "$base" |
  tee "$work/mixed" | sed -n '/Requests\/sec/,$p'
accepted=$(sed -n 's/^accepted(202)=\([0-9]*\).*/\1/p' "$work/mixed")

echo "== drain"
for _ in $(seq 600); do
  metrics=$(curl -sf -H "$auth" "$base/metrics")
  queued=$(awk '/^pocsift_cases\{status="queued"\}/ {print $2}' <<<"$metrics")
  running=$(awk '/^pocsift_cases\{status="running"\}/ {print $2}' <<<"$metrics")
  [[ $queued == 0 && $running == 0 ]] && break
  sleep 0.5
done
kill "$sampler" 2>/dev/null || true
done_cases=$(awk '/^pocsift_cases\{status="done"\}/ {print $2}' <<<"$metrics")
failed_cases=$(awk '/^pocsift_cases\{status="failed"\}/ {print $2}' <<<"$metrics")
echo "RSS samples (kB) over the soak: min $(awk '{print $2}' "$work/rss" | sort -n | head -1)," \
     "max $(awk '{print $2}' "$work/rss" | sort -n | tail -1), first $(head -1 "$work/rss" | cut -d' ' -f2)," \
     "last $(tail -1 "$work/rss" | cut -d' ' -f2)"
echo "acknowledged (202) responses read by wrk: $accepted; in the store: done $done_cases" \
     "(incl. 1 seed and submissions whose answer wrk did not read before it stopped), failed $failed_cases"
lost=$(python3 - "$port" "$token" "$work/ids" <<'PY'
import http.client, json, sys
port, token, ids = int(sys.argv[1]), sys.argv[2], open(sys.argv[3]).read().split()
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
lost = 0
for case_id in ids:
    conn.request("GET", f"/v1/cases/{case_id}", headers={"Authorization": f"Bearer {token}"})
    response = conn.getresponse()
    body = response.read()
    if response.status != 200 or json.loads(body)["status"] != "done":
        print(f"case {case_id}: {response.status} {body[:80]!r}", file=sys.stderr)
        lost += 1
print(lost)
PY
)
if [[ $lost -eq 0 && $(wc -l < "$work/ids") -eq $accepted && $failed_cases -eq 0 ]]; then
  echo "no case lost: each of the $accepted acknowledged ids is in the store and done"
else
  echo "MISMATCH: $lost acknowledged cases missing or not done" >&2
  exit 1
fi
