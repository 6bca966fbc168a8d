"""What the benchmarks share, kept free of heavy imports: a measured child process imports
this, and must load no more than the app itself does."""

import datetime as dt

BENCH_TODAY = dt.date(2026, 11, 28)
