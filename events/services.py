from django.db import transaction
from django.db.models import Max

from engagement_portal.lib.bullets import create_tree, parse_bullets
from events.models import Contribution, Session


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
