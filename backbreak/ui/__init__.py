"""The only layer that imports PySide6: application, driver, tray, windows."""
