"""Routine loading: parse and validate 200 routine files (target: well under 100 ms).

The floor, in the same run: only reading and parsing the same 200 files with tomllib.
Run: python bench/routine_loading.py [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backbreak.content.loader import load_library  # noqa: E402
from backbreak.storage.paths import assets_dir, shipped_routines_dir  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    shipped = sorted(shipped_routines_dir().glob("*.toml"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(200):
            source = shipped[i % len(shipped)]
            new_id = f"{source.stem}-{i}"
            text = source.read_text().replace(f'id = "{source.stem}"', f'id = "{new_id}"')
            (folder / f"{new_id}.toml").write_text(text)
        times, floor = [], []
        for _ in range(15):
            start = time.perf_counter()
            for path in folder.glob("*.toml"):
                tomllib.loads(path.read_text(encoding="utf-8"))
            floor.append(time.perf_counter() - start)
            start = time.perf_counter()
            library = load_library(folder, None, assets_dir())
            times.append(time.perf_counter() - start)
        assert len(library) == 200 and not library.problems, library.problems[:3]
        shutil.rmtree(folder, ignore_errors=True)
    median = statistics.median(times) * 1000
    print(f"tomllib alone: median {statistics.median(floor) * 1000:.1f} ms")
    print(
        f"200 routine files: median {median:.1f} ms, best {min(times) * 1000:.1f} ms "
        f"({'meets' if median < 100 else 'MISSES'} the 100 ms target)"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "files": 200,
                    "floor_median_s": statistics.median(floor),
                    "median_s": statistics.median(times),
                    "best_s": min(times),
                    "target_s": 0.1,
                    "met": median < 100,
                },
                indent=2,
            )
        )
    return 0 if median < 100 else 1


if __name__ == "__main__":
    sys.exit(main())
