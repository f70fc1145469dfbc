"""Routine files (TOML) -> core.model; problems are returned with file and field, never raised."""
