#!/usr/bin/env bash
# The full suite on a fresh clone with four CPU-bound processes beside it, three runs in a
# row (issue 10's acceptance), then the kill test at 200 kills (it loads the machine
# itself). Takes about an hour on 2 cores. Usage: benchmarks/loaded-suite.sh [OUT_DIR]
set -u
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-/tmp/spiegel-loaded}"
clone="$(mktemp -d /tmp/spiegel-loaded-clone.XXXXXX)"
mkdir -p "$out"
git clone -q "$repo" "$clone" && cd "$clone" || exit 2
git log --oneline -1 > "$out/commit"
python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' > "$out/pip.log" 2>&1
hogs=()
for _ in 1 2 3 4; do python3 -c "while True: pass" & hogs+=($!); done
trap 'kill "${hogs[@]}" 2>/dev/null' EXIT
for run in 1 2 3; do
  start=$(date +%s)
  .venv/bin/pytest -q -p no:cacheprovider --durations=30 > "$out/run$run.log" 2>&1
  echo "run $run rc $? $(( $(date +%s) - start )) s" >> "$out/summary"
done
kill "${hogs[@]}" 2>/dev/null
start=$(date +%s)
SPIEGEL_FAULTS_FULL=1 .venv/bin/pytest -q -p no:cacheprovider tests/faults/test_kill.py \
  > "$out/kills.log" 2>&1
echo "kills200 rc $? $(( $(date +%s) - start )) s" >> "$out/summary"
cat "$out/summary"
