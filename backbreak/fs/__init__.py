"""Files as backbreak writes and reads them, for every layer above: atomic writes and
timestamped backups (atomic.py), and the bounded reader for TOML someone else wrote
(reading.py). Standard library only."""
