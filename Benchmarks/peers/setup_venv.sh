#!/usr/bin/env bash
# Creates (if missing) the Python venv for the peer baselines at Benchmarks/.venv
# and installs the pinned peer packages. Idempotent: re-running it is cheap
# (a stamp file records the installed pin set) and changes nothing.
# Python is used ONLY for peer baselines; the product is Swift.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$(cd "$HERE/.." && pwd)/.venv"
PYTHON_BIN="${PYTHON:-python3}"

# Pins, all installable on CPython 3.11 (x86_64 wheels except burst_detection,
# a pure-Python sdist).
# numpy is pinned to 1.23.5, not just "<2": burst_detection 0.1.3 calls
# np.float, which numpy removed in 1.24.
PINS=(
  "numpy==1.23.5"
  "scipy==1.13.1"
  "scikit-learn==1.5.2"
  "pandas==2.2.3"
  "mpmath==1.3.0"
  "jieba==0.42.1"
  "fasttext-wheel==0.9.2"
  "burst_detection==0.1.3"
)

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON_BIN" -m venv "$VENV"
fi

STAMP="$VENV/.peers-pins"
WANT="$(printf '%s\n' "${PINS[@]}")"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${PINS[@]}"
  # Check that everything imports before recording success.
  "$VENV/bin/python" -c "import numpy, scipy, sklearn, pandas, jieba, fasttext, burst_detection" 
  printf '%s\n' "${PINS[@]}" > "$STAMP"
fi

echo "$VENV/bin/python"
