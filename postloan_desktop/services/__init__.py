"""Use cases with their transaction boundaries. The UI's only door to the data."""
