"""Turn pasted flipchart bullets into a tree of texts.

One bullet per line; a line indented deeper than the bullet above it is a sub-bullet of it.
Leading bullet marks ("-", "–", "•", "*", "o", "▪") and numbering ("1.", "2)", "a)", "iv.")
are stripped. Tabs count as four spaces.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_MARK = re.compile(
    r"""^(?:
        [-–—•*▪◦·●○■□➢➤►>]\s*     # a bullet sign
      | o\s+                        # a letter o used as a bullet (Word's second level)
      | \(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})[.)]\s+  # 1. 2) a) iv.
    )""",
    re.VERBOSE,
)


@dataclass
class Bullet:
    text: str
    children: list["Bullet"] = field(default_factory=list)

    def count(self) -> int:
        return 1 + sum(child.count() for child in self.children)


def _strip_mark(line: str) -> str:
    previous = None
    text = line
    # "1. - Text" carries two marks; strip until nothing changes.
    while previous != text:
        previous = text
        text = _MARK.sub("", text, count=1).strip()
    return text


def parse_bullets(text: str) -> list[Bullet]:
    """Parse pasted bullets; raises ValidationError when no bullet is there."""
    roots: list[Bullet] = []
    stack: list[tuple[int, Bullet]] = []
    for raw in (text or "").expandtabs(4).splitlines():
        if not raw.strip():
            continue
        indent = len(raw) - len(raw.lstrip(" \u00a0"))
        content = _strip_mark(raw.strip())
        if not content:
            continue
        bullet = Bullet(content)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if stack:
            stack[-1][1].children.append(bullet)
        else:
            roots.append(bullet)
        stack.append((indent, bullet))
    if not roots:
        raise ValidationError(
            _("Bitte mindestens einen Stichpunkt einfügen (eine Zeile je Punkt)."),
            code="empty",
        )
    return roots


def create_tree(bullets: list[Bullet], make, first_order: int = 1) -> list:
    """Create one object per bullet, depth first, by calling make(bullet, parent, order)."""
    created: list = []
    order = first_order

    def add(bullet: Bullet, parent) -> None:
        nonlocal order
        obj = make(bullet, parent, order)
        order += 1
        created.append(obj)
        for child in bullet.children:
            add(child, obj)

    for bullet in bullets:
        add(bullet, None)
    return created
