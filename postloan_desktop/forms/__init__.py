"""Checklist templates: schema, loading and versions, and the rules that run on answers
(visibility, required items, completion, risk signals). No Qt here."""
