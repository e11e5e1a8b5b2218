"""``{% live_push as push %}``: whether the live pages are given a stream (live/push.py)."""

from django import template

from live import push

register = template.Library()


@register.simple_tag
def live_push() -> bool:
    return push.enabled()
