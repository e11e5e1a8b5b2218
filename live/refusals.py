class LiveRefused(Exception):
    """A request a live vote or poll does not accept. Nothing was changed; ``message`` is for the
    participant or facilitator; ``status`` the HTTP status to answer with; ``retry_after``:
    seconds after which a refused request (429) may succeed."""

    def __init__(self, message, *, status: int = 409, retry_after: int | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.status = status
        self.retry_after = retry_after
