"""Exit codes and the user-facing error type, defined once for the whole program."""

EXIT_OK = 0
EXIT_FINDINGS = 1  # audit found missing items at or above --fail-on
EXIT_BAD_INPUT = 2  # bad input or usage


class InputError(Exception):
    """Bad input from a user file. Carries where it is, so the message can point at it."""

    def __init__(self, message, file=None, line=None, key=None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.key = key

    def __str__(self):
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        key = f"{self.key}: " if self.key else ""
        return f"{where}{key}{self.message}"


class InputErrors(InputError):
    """Several problems in one file, reported together so the user can fix them in one pass."""

    def __init__(self, errors):
        self.errors = list(errors)
        first = self.errors[0]
        super().__init__(first.message, first.file, first.line, first.key)

    def __str__(self):
        return "\n".join(str(e) for e in self.errors)


class EngineError(Exception):
    """The rule engine refused a fact or a ruleset: a defect in advisor, never in user input."""
