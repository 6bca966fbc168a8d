"""Synthetic, deterministic loan portfolios for demos, screenshots, tests and benchmarks."""
