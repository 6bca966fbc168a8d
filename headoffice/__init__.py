"""postloan head office: the sync server, its accounts and imports, and the certificate
authority.

Importing this package loads nothing heavy: the server's dependencies (``.[server]``) are only
imported by the modules that need them, so the desktop can use ``headoffice.ca`` for its demo
keys without FastAPI installed.
"""

__version__ = "0.1.0"
