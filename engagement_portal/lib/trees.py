"""Build nested bullet trees from flat rows that point to their parent."""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Node:
    item: Any
    children: list["Node"] = field(default_factory=list)


def build_forest(items) -> list[Node]:
    """The roots among ``items`` in their given order, each with its descendants in order.

    Items need ``pk`` and ``parent_id``. An item whose parent is not among ``items`` becomes a
    root, so a filtered list never loses a row.
    """
    nodes = {item.pk: Node(item) for item in items}
    roots = []
    for item in items:
        parent = nodes.get(item.parent_id)
        if parent is None:
            roots.append(nodes[item.pk])
        else:
            parent.children.append(nodes[item.pk])
    return roots


def group_in_order(nodes: list[Node], key) -> list[tuple[Any, list[Node]]]:
    """Nodes grouped by ``key(node.item)``, groups in the order of their first appearance."""
    groups: dict[Any, list[Node]] = {}
    for node in nodes:
        groups.setdefault(key(node.item), []).append(node)
    return list(groups.items())
