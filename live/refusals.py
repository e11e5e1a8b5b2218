from django.conf import settings
from django.http import JsonResponse


class LiveRefused(Exception):
    """A request a live vote or poll does not accept. Nothing was changed; ``message`` is for the
    participant or facilitator; ``status`` the HTTP status to answer with; ``retry_after``:
    seconds after which a refused request (429) may succeed."""

    def __init__(self, message, *, status: int = 409, retry_after: int | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.status = status
        self.retry_after = retry_after

    def mark(self, response):
        """``response`` with what a client may read of the refusal besides its body: when a
        refused rate limit may be tried again (Retry-After)."""
        if self.status == 429:
            response["Retry-After"] = str(self.retry_after or settings.VOTE_RATE_LIMIT_WINDOW)
        return response

    def as_json(self) -> JsonResponse:
        """The refusal as the page scripts read it: ``{"error": message}`` with its status."""
        return self.mark(JsonResponse({"error": str(self.message)}, status=self.status))
