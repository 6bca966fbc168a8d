"""postloan head office: the certificate authority now; the sync server comes with issue 6.

Importing this package loads nothing heavy: the server's dependencies (``.[server]``) are only
imported by the modules that need them, so the desktop can use ``headoffice.ca`` for its demo
keys without FastAPI installed.
"""
