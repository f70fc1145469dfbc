"""The pure core: standard library only, time always injected (see ARCHITECTURE.md)."""
