"""Inspection reports (ReportLab and pyHanko; no Qt, no database: ``services.reports`` gathers
the data). What a report says (``content``) and its digest, its pages (``layout``), the font it
is set in (``fonts``), its line breaking (``text``) and its own words in Chinese and English
(``labels``); signing, keys and verification (``signing``, ``keys``, ``verify``)."""
