"""Routine loading: parse and validate 200 routine files (target: well under 100 ms)."""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backbreak.content.loader import load_library  # noqa: E402
from backbreak.storage.paths import assets_dir, shipped_routines_dir  # noqa: E402


def main() -> int:
    shipped = sorted(shipped_routines_dir().glob("*.toml"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(200):
            source = shipped[i % len(shipped)]
            new_id = f"{source.stem}-{i}"
            text = source.read_text().replace(f'id = "{source.stem}"', f'id = "{new_id}"')
            (folder / f"{new_id}.toml").write_text(text)
        times = []
        for _ in range(15):
            start = time.perf_counter()
            library = load_library(folder, None, assets_dir())
            times.append(time.perf_counter() - start)
        assert len(library) == 200 and not library.problems, library.problems[:3]
        shutil.rmtree(folder, ignore_errors=True)
    median = statistics.median(times) * 1000
    print(f"200 routine files: median {median:.1f} ms, best {min(times) * 1000:.1f} ms "
          f"({'meets' if median < 100 else 'MISSES'} the 100 ms target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
