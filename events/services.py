from django.db import transaction
from django.db.models import Max

from engagement_portal.lib.bullets import create_tree, parse_bullets
from engagement_portal.lib.logs import log_event
from events.history import note_change
from events.models import Contribution, Event, Session


def next_order(queryset) -> int:
    return (queryset.aggregate(top=Max("order"))["top"] or 0) + 1


@transaction.atomic
def contributions_add_from_text(
    *, session: Session, category: str, text: str
) -> list[Contribution]:
    """Append one contribution per pasted bullet, in order, with sub-bullets as children.

    Raises ValidationError (nothing written) when the text holds no bullet.
    """
    bullets = parse_bullets(text)
    return create_tree(
        bullets,
        lambda bullet, parent, order: Contribution.objects.create(
            session=session, parent=parent, category=category.strip(), text=bullet.text, order=order
        ),
        first_order=next_order(session.contributions.all()),
    )


def documentation_publish(*, event: Event, user) -> None:
    """Publish the documentation, with the revision's note and the staff log line. Call inside
    a documentation revision (events.history)."""
    event.publish()
    note_change("publish", event)
    log_event("documentation published", event=event.slug, by=user)


def documentation_withdraw(*, event: Event, user) -> None:
    """Back to draft (the page is gone for readers until published again)."""
    event.unpublish()
    note_change("unpublish", event)
    log_event("documentation withdrawn", event=event.slug, by=user)
