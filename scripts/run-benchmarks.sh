#!/usr/bin/env bash
# Runs every benchmark (bench/bench_*.py) and prints each figure beside its
# target. The ward dashboard's, the report edition page's, the community
# home page's and the early-warning list's targets are for
# PostgreSQL, so those benchmarks run against a throwaway PostgreSQL cluster;
# the others use SQLite (the page load benchmark drives headless Chromium
# against a throwaway SQLite demo). Every benchmark runs even when an earlier one misses its target; the exit status
# says whether any did.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
py="$here/.venv/bin/python"
missed=()
for bench in "$here"/bench/bench_*.py; do
  name=$(basename "$bench")
  echo "== $name"
  case "$name" in
    bench_ward_dashboard.py|bench_report_page.py|bench_community_home.py|bench_early_warnings.py)
      bash "$here/scripts/with-postgres.sh" \
        bash -c '"$0" "$1" --database-url "$DATABASE_URL"' "$py" "$bench" || missed+=("$name")
      ;;
    *)
      "$py" "$bench" || missed+=("$name")
      ;;
  esac
done
if [ "${#missed[@]}" -gt 0 ]; then
  echo "missed a target or failed: ${missed[*]}"
  exit 1
fi
echo "every benchmark met its targets"
