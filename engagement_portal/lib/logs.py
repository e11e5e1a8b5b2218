"""Log lines for the operator's tools: one line per record, also for tracebacks.

journald, docker and most log shippers split on line breaks, so a traceback over thirty lines
arrives as thirty records. Here its line breaks are written as ``\\n`` (and the original text can
be read back by undoing that).
"""

import logging


class OneLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\\", "\\\\").replace("\n", "\\n")


_events = logging.getLogger("portal.event")


def log_event(what: str, *, by=None, **facts) -> None:
    """One line for something staff did: ``dot-vote opened code=HAGEN1 by=user:3``.

    Staff accounts appear by id (the operator can look them up), participants never."""
    parts = [what, *(f"{key}={value}" for key, value in facts.items())]
    if by is not None:
        parts.append(f"by=user:{by.pk}" if getattr(by, "pk", None) else "by=command")
    _events.info(" ".join(parts))
