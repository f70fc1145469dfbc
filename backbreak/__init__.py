"""backbreak: posture and stretch breaks for desk-bound necks and backs."""

__version__ = "0.1.0"
APP_NAME = "backbreak"
APP_DISPLAY_NAME = "backbreak"
#: The reverse-DNS id: desktop file, AppStream metainfo, icons, Flatpak and the LaunchAgent.
APP_ID = "io.github.backbreak.backbreak"  # not translated: an identifier
