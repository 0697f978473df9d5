"""Benchmarks for issue #2 (`make bench`, `python -m bench`): measured, never run as tests."""
