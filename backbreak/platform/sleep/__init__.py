"""Suspend and resume: logind says when the computer wakes (qt.py, through QtDBus).

There is no Qt-free watcher: elsewhere the waker's minute heartbeat notices the gap a
suspend leaves in the wall clock, which is the answer "not available here" falls back on.
"""
