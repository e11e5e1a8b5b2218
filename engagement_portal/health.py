"""``/healthz`` for load balancers and monitoring: is this app server up and its database there?

Cheap on purpose: one ``SELECT 1``, no session, no template, nothing cached. A load balancer may
ask every few seconds; a server whose database is gone answers 503 and is taken out of rotation.
"""

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from engagement_portal.errors import DATABASE_ERRORS, RETRY_AFTER_SECONDS


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_ERRORS:
        response = JsonResponse({"status": "error", "database": "unreachable"}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", "database": "ok"})
