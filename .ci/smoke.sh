#!/usr/bin/env bash
# Wheel smoke test: build the wheel, install it the way a user does, and run every command.
#
# The test suite runs in .venv with `.[all,dev]` installed editable, which hides a dependency
# that only the dev extra (or the source tree) provides. Here the wheel goes into two clean
# virtual environments outside the repository:
#   bare: `pip install claimtally` (no extra): --help and extract work, ledger commands name
#         the extra to install (exit 2);
#   full: `pip install 'claimtally[all]'` and nothing else: every command runs for real on the
#         bundled examples, a local HTTP server's page and feed, and a WARC file.
# Usage: .ci/smoke.sh   (SHARED=../shared by default; PYTHON=python3)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
SHARED=$(cd "${SHARED:-$REPO/../shared}" && pwd)
PY=${PYTHON:-python3}
WORK=$(mktemp -d /tmp/claimtally-smoke.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'SMOKE FAILED: %s\n' "$*" >&2; exit 1; }
# expect STATUS CMD...: run CMD, fail unless it exits with STATUS (stdout/stderr kept in $WORK/out, $WORK/err)
expect() {
  local want=$1; shift
  local got=0
  "$@" >"$WORK/out" 2>"$WORK/err" || got=$?
  if [ "$got" != "$want" ]; then
    cat "$WORK/err" >&2
    fail "$* exited $got, expected $want"
  fi
}
contains() { grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 lacks: $2"; }; }

step "build the wheel from a clean copy of the sources"
mkdir -p "$WORK/src" "$WORK/dist"
cp -r "$REPO/pyproject.toml" "$REPO/README.md" "$REPO/src" "$WORK/src/"
find "$WORK/src" \( -name '*.egg-info' -o -name __pycache__ \) -prune -exec rm -rf {} +
"$PY" -m venv "$WORK/bare"
"$WORK/bare/bin/pip" wheel -q --no-deps -w "$WORK/dist" "$WORK/src"
WHEEL=$(ls "$WORK"/dist/claimtally-*.whl)
echo "$WHEEL"

cd "$WORK"  # nothing of the repository is importable from here

step "bare install: pip install claimtally"
"$WORK/bare/bin/pip" install -q "$WHEEL"
CT="$WORK/bare/bin/claimtally"
expect 0 "$CT" --help
contains "$WORK/out" "(not installed)"
expect 0 "$CT" --version
echo "Officials said 12 people were killed." >"$WORK/one.txt"
expect 0 "$CT" extract "$WORK/one.txt"
contains "$WORK/out" '"value": 12'
expect 2 "$CT" figures --db "$WORK/none.db"
contains "$WORK/err" "claimtally figures needs the 'ledger' extra: pip install 'claimtally[ledger]'"
expect 2 "$CT" serve
contains "$WORK/err" "pip install 'claimtally[ledger,web,compare]'"
if grep -q Traceback "$WORK/err"; then fail "bare install printed a traceback"; fi
echo "Полиция сообщила, что 12 человек погибли." >"$WORK/ru.txt"
expect 2 "$CT" extract --lang ru "$WORK/ru.txt"
contains "$WORK/err" "claimtally[ru-uk]"

step "full install: pip install 'claimtally[all]' (and nothing else)"
"$PY" -m venv "$WORK/full"
"$WORK/full/bin/pip" install -q "$WHEEL[all]"
FPY="$WORK/full/bin/python"
CT="$WORK/full/bin/claimtally"
for tool in pytest playwright hypothesis; do
  if "$FPY" -c "import $tool" 2>/dev/null; then fail "$tool is installed by claimtally[all]"; fi
done
DB="$WORK/news.db"

step "extract"
expect 0 "$CT" extract --format table --published 2022-03-07 "$REPO"/examples/*.txt
contains "$WORK/out" "killed"
expect 0 "$CT" extract "$WORK/ru.txt"
contains "$WORK/out" '"value": 12'

step "ingest: files, a folder, a local page and feed over HTTP, a WARC"
mkdir -p "$WORK/site"
cat >"$WORK/site/page.html" <<'EOF'
<!DOCTYPE html><html><head><title>Port city toll rises</title>
<meta property="article:published_time" content="2022-04-20"></head>
<body><article><h1>Port city toll rises</h1>
<p>The regional governor said on Tuesday that 31 people were killed in the strike on the port.</p>
<p>Rescue workers said dozens more were wounded and that the search would go on through the night.</p>
</article></body></html>
EOF
PORT=$("$FPY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$WORK/site/feed.xml" <<EOF
<?xml version="1.0"?><rss version="2.0"><channel><title>Smoke</title><link>http://127.0.0.1:$PORT/</link>
<item><title>Port city toll rises</title><link>http://127.0.0.1:$PORT/page.html</link>
<pubDate>Wed, 20 Apr 2022 10:00:00 GMT</pubDate></item></channel></rss>
EOF
"$FPY" -m http.server "$PORT" --bind 127.0.0.1 --directory "$WORK/site" >/dev/null 2>&1 &
PIDS+=($!)
"$FPY" - "$WORK/crawl.warc.gz" <<'EOF'
import sys
from io import BytesIO
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter
body = (b"<html><head><title>Monitors count</title></head><body><article><p>The monitoring mission said "
        b"that 120 civilians were killed in the city since the start of the month.</p></article></body></html>")
with open(sys.argv[1], "wb") as fh:
    writer = WARCWriter(fh, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://example.org/monitors", "response",
                                                  payload=BytesIO(body), http_headers=headers))
EOF
for _ in $(seq 50); do "$FPY" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PORT/feed.xml')" \
  2>/dev/null && break; sleep 0.1; done
for f in "$REPO"/examples/*.txt; do  # as `make demo` does: the file name starts with the date
  expect 0 "$CT" ingest --quiet --db "$DB" --published "$(basename "$f" | cut -c1-10)" "$f"
done
expect 0 "$CT" ingest --quiet --db "$WORK/folder.db" "$REPO/examples"
expect 0 "$CT" ingest --db "$DB" --allow-private "http://127.0.0.1:$PORT/page.html" "$WORK/crawl.warc.gz"
expect 0 "$CT" ingest --db "$DB" --allow-private "http://127.0.0.1:$PORT/feed.xml"
echo "The ministry said 7 soldiers were captured." | "$CT" ingest --quiet --db "$DB" - \
  || fail "ingest from standard input"
# the distributed engine: a one-worker LocalCluster, a Parquet dataset, read back by figures
expect 0 "$CT" ingest --quiet --engine dask --workers 1 --db "$WORK/dask.db" "$REPO/examples" "$WORK/crawl.warc.gz"
expect 0 "$CT" figures --db "$WORK/dask-dataset" --format jsonl
contains "$WORK/out" "killed"

step "figures and export"
for fmt in table jsonl json csv; do
  expect 0 "$CT" figures --db "$DB" --format "$fmt"
  contains "$WORK/out" "killed"
done
for out in figures.csv figures.jsonl figures.parquet; do
  expect 0 "$CT" export --db "$DB" "$WORK/$out"
done
"$FPY" -c "import pyarrow.parquet as pq, sys; t = pq.read_table(sys.argv[1]); assert t.num_rows > 5, t.num_rows" \
  "$WORK/figures.parquet" || fail "the Parquet export does not read back"

step "compare and chart"
expect 0 "$CT" compare --db "$DB"
contains "$WORK/out" "Russian soldiers"
expect 0 "$CT" compare --db "$DB" --format jsonl "russian troops"
for out in losses.html losses.svg losses.png; do
  expect 0 "$CT" chart "losses:russian troops" --db "$DB" --out "$WORK/$out"
  [ -s "$WORK/$out" ] || fail "chart $out is empty"
done

step "eval"
mkdir -p "$WORK/gold"
cp "$SHARED/eval/dev/seed-moscow-times-kemerovo.jsonl" "$WORK/gold/"
expect 0 "$CT" eval "$WORK/gold" --corpus "$SHARED/corpus" --json
contains "$WORK/out" "precision"

step "user"
echo "correct horse battery" | "$CT" user add alice --db "$DB" --password-stdin || fail "user add"
echo "another horse battery" | "$CT" user passwd alice --db "$DB" --password-stdin || fail "user passwd"
expect 0 "$CT" user list --db "$DB"
contains "$WORK/out" "alice"
for f in "$DB" "$DB-wal"; do
  if [ -f "$f" ] && grep -qa 'argon2' "$f"; then fail "a password hash is in $f"; fi
done
[ "$(stat -c %a "$DB.secrets.json")" = 600 ] || fail "the credentials file is not 0600"

step "serve: pages, the API, a chart and a sign-in"
SPORT=$("$FPY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$CT" serve --db "$DB" --port "$SPORT" >"$WORK/serve.log" 2>&1 &
PIDS+=($!)
"$FPY" - "http://127.0.0.1:$SPORT" <<'EOF' || { cat "$WORK/serve.log" >&2; fail "serve"; }
import http.cookiejar, json, sys, time, urllib.parse, urllib.request
base = sys.argv[1]
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
for _ in range(200):
    try:
        opener.open(base + "/healthz", timeout=2)
        break
    except OSError:
        time.sleep(0.1)
def get(path):
    with opener.open(base + path, timeout=30) as resp:
        assert resp.status == 200, (path, resp.status)
        return resp.read()
assert b"claimtally" in get("/")
figures = json.loads(get("/api/figures?limit=5"))
assert figures["total"] > 5, figures["total"]
get("/documents/%d" % figures["items"][0]["document_id"])
quantities = json.loads(get("/api/quantities?q=russian"))["items"]
assert quantities, "no quantity for Russian troops"
assert b"<svg" in get("/quantity/chart.svg?" + urllib.parse.urlencode({"key": quantities[0]["key"]}))
assert json.loads(get("/api/documents?q=killed"))["total"] > 0
assert json.loads(get("/openapi.json"))["paths"]
token = json.loads(get("/api/session"))["csrf_token"]
form = urllib.parse.urlencode({"name": "alice", "password": "another horse battery", "csrf_token": token}).encode()
opener.open(urllib.request.Request(base + "/login", data=form), timeout=30)
assert json.loads(get("/api/session"))["user"] == "alice"
print("serve: ok")
EOF
expect 0 "$CT" user rotate-key --db "$DB"
contains "$WORK/err" "1 session(s) ended"

printf '\nsmoke: every command ran from the wheel\n'
