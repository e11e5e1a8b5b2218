from django.db import transaction

from engagement_portal.lib.bullets import create_tree, parse_bullets
from events.models import Event
from events.services import next_order
from recommendations.models import Addition, Recommendation


@transaction.atomic
def additions_add_from_text(
    *, recommendation: Recommendation, event: Event, text: str
) -> list[Addition]:
    """Append one addition per pasted bullet at this event, nesting kept.

    Raises ValidationError (nothing written) when the text holds no bullet.
    """
    bullets = parse_bullets(text)
    return create_tree(
        bullets,
        lambda bullet, parent, order: Addition.objects.create(
            recommendation=recommendation, event=event, parent=parent, text=bullet.text, order=order
        ),
        first_order=next_order(recommendation.additions.all()),
    )
