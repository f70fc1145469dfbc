"""The floor: a bare PySide6 tray icon with a menu, nothing else (optionally with the stack
imported), printing READY when the icon is shown. backbreak is measured against it."""

import sys

if "--with-stack" in sys.argv:
    import apscheduler.schedulers.background  # noqa: F401
    import platformdirs  # noqa: F401
    import plyer  # noqa: F401

from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

# argv[0] names the X11 WM_CLASS, so a benchmark can tell the two floors apart in the tray.
app = QApplication(["bare-stack" if "--with-stack" in sys.argv else "bare-tray"])
pixmap = QPixmap(22, 22)
pixmap.fill(QColor("#2a9d8f"))
tray = QSystemTrayIcon(QIcon(pixmap))
menu = QMenu()
menu.addAction("Quit", app.quit)
tray.setContextMenu(menu)
tray.show()
print("READY", flush=True)
sys.exit(app.exec())
