#!/usr/bin/env bash
# Writes python3-requirements.json, the flatpak-builder module that builds requirements.txt
# from source archives with pinned checksums (Flatpak builds run without network).
# Needs network, flatpak, the SDK below, and flatpak-pip-generator from flatpak-builder-tools
# (its pip/ folder; `pip install --user requirements-parser` first). Flathub's repository for
# the app commits the generated file next to the manifest.
set -euo pipefail
cd "$(dirname "$0")"
sdk=$(python3 -c 'import json; m = json.load(open("io.github.backbreak.backbreak.json")); print(m["sdk"] + "//" + m["runtime-version"])')
flatpak-pip-generator --runtime="$sdk" --requirements-file=requirements.txt \
  --output=python3-requirements
echo "wrote $(pwd)/python3-requirements.json"
