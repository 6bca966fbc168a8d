"""Sync with head office: the protocol both sides share, the laptop's outbox, inbox and client."""
