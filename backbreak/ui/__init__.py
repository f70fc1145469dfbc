"""The only layer that imports PySide6: the shell, waker, tray, windows."""
