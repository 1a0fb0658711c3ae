#!/usr/bin/env bash
# Start-up of `flyte run` on an F# script, cold (empty cache) and warm (cached), against the same tasks from a built
# .dll (the cache's own compiled assembly, copied out), in one run, interleaved so that machine load hits all alike.
# Prints the median wall time of each and the ratios. Usage: bench/script-startup.sh [runs] (default 7).
# Needs a Release build: dotnet build src/Flyte.Cli -c Release
set -euo pipefail
runs=${1:-7}
root=$(cd "$(dirname "$0")/.." && pwd)
flyte="$root/src/Flyte.Cli/bin/Release/net10.0/flyte.dll"
script="$root/tests/Flyte.Cli.Tests/Fixtures/dataclass_example.fsx"
summary='{"predictions":[1.0,2.0],"average":1.5,"count":2,"batch_id":"b"}'
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export FLYTE_SCRIPT_CACHE="$work/cache"

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# One cold run first to produce the cached assembly the .dll rows use.
dotnet "$flyte" run "$script" summarize_results --summary "$summary" >/dev/null 2>&1
dll=$(find "$FLYTE_SCRIPT_CACHE" -name 'dataclass_example-*.dll' | head -1)
cp "$dll" "$work/dataclass_example.dll"

: >"$work/cold"; : >"$work/warm"; : >"$work/dll"
for _ in $(seq "$runs"); do
  ms dotnet "$flyte" run "$work/dataclass_example.dll" summarize_results --summary "$summary" >>"$work/dll"
  ms dotnet "$flyte" run "$script" summarize_results --summary "$summary" >>"$work/warm"
done
for _ in $(seq "$(( (runs + 1) / 2 ))"); do   # cold runs are ~10 s each: half as many
  dotnet "$flyte" cache clear >/dev/null
  ms dotnet "$flyte" run "$script" summarize_results --summary "$summary" >>"$work/cold"
done
d=$(median <"$work/dll"); w=$(median <"$work/warm"); c=$(median <"$work/cold")
echo "runs: $runs (cold: $(( (runs + 1) / 2 ))); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "dll  (baseline) median ${d} ms   [$(tr '\n' ' ' <"$work/dll")]"
echo "fsx warm        median ${w} ms   [$(tr '\n' ' ' <"$work/warm")]  ratio $(awk "BEGIN {printf \"%.2f\", $w / $d}")"
echo "fsx cold        median ${c} ms   [$(tr '\n' ' ' <"$work/cold")]  ratio $(awk "BEGIN {printf \"%.2f\", $c / $d}")"
