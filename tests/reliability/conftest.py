"""The reliability suite (soak, fuzzing, faults, security).

The hypothesis profiles (ci, thorough) are registered in tests/conftest.py.
"""
