"""PySide6 6.12.0 aborts CPython 3.11 after ~5,000 calls that return None (STACK.md).

The dependency pins keep 3.11 on an older PySide6; this test proves the installed pair
survives far more calls than a day in the tray makes.
"""

import os
import subprocess
import sys

CODE = """
from PySide6.QtCore import QObject, QTimer
obj = QObject()
timer = QTimer()
for i in range(10_000):
    obj.setObjectName("x")
    timer.setInterval(i % 1000 + 1)
print("survived")
"""


def test_twenty_thousand_void_calls_survive():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "survived"
