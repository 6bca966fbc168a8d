"""Pure domain rules. Imports nothing but the standard library."""
