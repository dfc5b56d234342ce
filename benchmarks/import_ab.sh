#!/bin/bash
# The consultations import before and after issue 25 on the same host at the same time, turn
# about: `benchmarks/import_ab.sh sqlite|pg ROUNDS [OLD_COMMIT]` (pg: DATABASE_URL's server; the
# role must be able to create databases). Each run imports the 100k-row CP932 file
# (benchmarks/import_files.py) into a copy of one template database (migrated, one region, the
# 5,000 persons imported), in its own process; prints wall and CPU seconds (user + sys of the
# command; PostgreSQL's own work is not in it), peak memory and the load average around it.
# Results: benchmarks/results/import/ab-<kind>.txt. On a busy host compare the pairs, not the
# absolute figures.
set -eu
KIND=$1; ROUNDS=${2:-3}; OLD_COMMIT=${3:-894b127}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${PYTHON:-$ROOT/.venv/bin/python}; BIN=$(dirname "$PY")
W=$(mktemp -d /tmp/tsunagu-ab.XXXXXX); export TSUNAGU_VAR_DIR=$W
unset PYTHONDONTWRITEBYTECODE  # a deployed install has its bytecode compiled
NEW=$ROOT/src; mkdir -p "$W/old"; git -C "$ROOT" archive "$OLD_COMMIT" src | tar -x -C "$W/old"; OLD=$W/old/src
"$PY" "$ROOT/benchmarks/import_files.py" "$W/files" 100000 >/dev/null
OUT=$ROOT/benchmarks/results/import/ab-$KIND.txt; mkdir -p "$(dirname "$OUT")"
PGBASE=${DATABASE_URL:-}; PGBASE=${PGBASE%/*}
pg() { "$PY" -c "import psycopg,sys; c=psycopg.connect('$PGBASE/postgres', autocommit=True); [c.execute(s) for s in sys.argv[1:]]" "$@"; }
if [ "$KIND" = sqlite ]; then export DATABASE_URL=sqlite:///$W/tmpl.sqlite3
else pg 'DROP DATABASE IF EXISTS tsunagu_ab_tmpl' 'CREATE DATABASE tsunagu_ab_tmpl'; export DATABASE_URL=$PGBASE/tsunagu_ab_tmpl; fi
run() { PYTHONPATH=$1 "$BIN/tsunagu" "${@:2}"; }
run "$NEW" migrate -v0
run "$NEW" region create imp 取込圏域 --municipalities 12213:東金市,12237:山武市 >/dev/null
run "$NEW" import persons "$W/files/persons.csv" --region imp >/dev/null
for src in "$OLD" "$NEW"; do PYTHONPATH=$src "$PY" -m compileall -q "$src" >/dev/null; done
echo "# $(date -u +%FT%TZ) $KIND; new = $(git -C "$ROOT" rev-parse --short HEAD), old = $OLD_COMMIT; $(nproc) cores" | tee -a "$OUT"
for r in $(seq 1 "$ROUNDS"); do
  for v in old new; do
    src=$NEW; [ $v = old ] && src=$OLD
    if [ "$KIND" = sqlite ]; then cp "$W/tmpl.sqlite3" "$W/run.sqlite3"; export DATABASE_URL=sqlite:///$W/run.sqlite3
    else pg 'DROP DATABASE IF EXISTS tsunagu_ab_run' 'CREATE DATABASE tsunagu_ab_run TEMPLATE tsunagu_ab_tmpl'
      export DATABASE_URL=$PGBASE/tsunagu_ab_run; fi
    before=$(cut -d' ' -f1-3 /proc/loadavg)
    set -- $( { /usr/bin/time -f "%e %U %S %M" env PYTHONPATH="$src" "$BIN/tsunagu" import consultations \
      "$W/files/consultations.csv" --region imp >/dev/null; } 2>&1 | tail -1)
    echo "$KIND round $r $v: wall $1 s, cpu $(echo "$2 + $3" | bc) s, $(echo "100000 / $1" | bc) rows/s, peak $(( $4 / 1024 )) MB, load $before -> $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
  done
done
[ "$KIND" = sqlite ] || pg 'DROP DATABASE IF EXISTS tsunagu_ab_run' 'DROP DATABASE IF EXISTS tsunagu_ab_tmpl'
rm -rf "$W"
