#!/usr/bin/env bash
# Sums the counters of every .trx file under a folder and prints "N passed, N failed, N skipped".
# Exits non-zero when a test failed or no test ran at all.
set -euo pipefail
passed=0 failed=0 skipped=0 files=0
while IFS= read -r -d '' trx; do
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  value() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  # xunit's skipped tests are counted in total but not in executed (notExecuted stays 0).
  skipped=$((skipped + $(value total) - $(value executed) + $(value notExecuted)))
done < <(find "$1" -name '*.trx' -print0)
[ $files -gt 0 ] || failed=$((failed + 1))
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ] && [ $passed -gt 0 ]
