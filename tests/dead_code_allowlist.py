"""Names `vulture` cannot see used, each with the reason it is not dead code.

`tests/integration/test_quality.py::test_no_dead_code` runs vulture over the package with this file:
anything new that nothing calls fails the suite. Add a name here only with its reason.
"""
# ruff: noqa: B018, F821
# mypy: ignore-errors

from types import SimpleNamespace

_ = SimpleNamespace()

# Qt calls these by name (virtual overrides, a slot connected by its signature string).
_.paintEvent
_.sizeHint
_.minimumSizeHint
_.hasHeightForWidth
_.mouseMoveEvent
_.handleError  # logging.Handler's hook, overridden to keep a full disk from printing traces

# Imported for their side effect: APScheduler's modules load before PySide6's import hook.
apscheduler

# argparse reads it: negative numbers are words for `pause -5m`, not options.
_._negative_number_matcher

# Values of a documented enum that routine files use ("difficulty = moderate").
MODERATE

# Parameter names of the scheduler Protocol the waker types against (APScheduler's own).
wait
job_id
func
trigger

# Kept alive by reference: the no-tray window holds its menu so Qt does not delete it.
_._menu

# Where the safety text comes from (provenance of content, read by people and the
# content tests, not by code).
SOURCES

# Seams the tests drive, small and part of each object's contract:
_.last_used  # which notifier delivered (the notification tests and the About dialog's story)
_.beat  # the waker's heartbeat, called by its timer and by tests that run the clock
_.text_equivalent  # a chart's words for screen readers and tests
_.cursor_day  # the day under the pointer in the week chart (tooltips, tests)
_.checkin_buttons  # the player's check-in page, pressed by keyboard tests
_.checkin_skip
_.checklist_done
_.close_all  # every window but the tray, for the test harness between scenarios
_.built  # the windows the shell has made so far, without making one
_.open_boxes  # the questions on screen, for tests that answer them
_.error_for  # the settings dialog's line under an editor that says what is wrong
_.stop_question  # the question a heat timer's Stop asks, for tests that answer it
next_fixed  # the soonest fixed reminder: the reference the agenda's fixed times are tested by
compute_stats  # figures from entries: the reference the SQL tallies are tested against
open_profile  # the app's whole start-up read, used by the hostile-file corpus
__getattr__  # backbreak.cli: Context and build_parser, loaded when asked for
FIXED_TEXTS  # what each fixed sentence of the care feature rests on: its content test reads it

# Read by the tests: a hidden history window watches no file (no wake-ups while it is hidden).
_.watching

# ctypes structure fields (platform/idle/xsync.py): read by libXext, not by Python.
_.value_type
_.wait_value
_.test_type
