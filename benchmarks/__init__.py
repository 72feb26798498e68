"""Benchmark of the OGC API against tipg on the same database (`make bench`)."""
