"""postloan desktop: post-loan field inspections (贷后检查) for bank loan officers."""

__version__ = "0.1.0"
