#!/usr/bin/env bash
# Build the one-folder app with PyInstaller into OUT (default: ./dist-pyinstaller) and
# smoke-test it: `backbreak --version` and `backbreak routines list` must work headless.
#   packaging/pyinstaller/build.sh [OUT]        (PYTHON=path/to/python to pick the interpreter)
# Needs `pip install -e '.[test]'` (PyInstaller is in the test extra).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mkdir -p "${1:-$root/dist-pyinstaller}" && cd "${1:-$root/dist-pyinstaller}" && pwd)
python=${PYTHON:-$root/.venv/bin/python}
[ -x "$python" ] || python=python3

"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$out" --workpath "$out/.work" \
  "$root/packaging/pyinstaller/backbreak.spec"
rm -rf "$out/.work"

app="$out/backbreak/backbreak"
[ -x "$app" ] || app="$out/backbreak/backbreak.exe"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM BACKBREAK_HOME="$home" "$app" --version
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM BACKBREAK_HOME="$home" "$app" routines list \
  | tail -n 3
echo "built $out/backbreak ($(du -sh "$out/backbreak" | cut -f1))"
