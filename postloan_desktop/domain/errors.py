"""The error hierarchy (STYLE.md, "Errors"): every error the product raises on purpose.

User errors are about what a person asked for; environment errors about the machine or network;
anything else is a bug. The UI maps each class to one translated message with what to do next.
"""


class PostloanError(Exception):
    """Base of every error raised on purpose."""


class UserError(PostloanError):
    """The request cannot be done as asked: invalid input, conflict, not found, not allowed."""


class InvalidInput(UserError):
    pass


class ConfigurationError(InvalidInput):
    """The settings file (postloan.toml) is not valid: the message names the file and setting."""


class NotFound(UserError):
    pass


class Conflict(UserError):
    pass


class NotAllowed(UserError):
    """The role or the state of a record does not allow this action."""


class EnvironmentProblem(PostloanError):
    """The machine or the network is in the way: disk full, database locked, server unreachable."""


class StorageProblem(EnvironmentProblem):
    pass


class DiskFull(StorageProblem):
    pass
