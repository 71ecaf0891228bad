"""Threads of comments: where a reply attaches, and what a page shows. Pure: no Django.

Depth counts from 1 (a top-level comment). A reply to a comment at the deepest allowed
level attaches beside it, to that comment's parent, so threads never grow deeper than
the limit but no reply is refused for being deep.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar


class Placed(Protocol):
    @property
    def pk(self) -> int: ...
    @property
    def parent_id(self) -> int | None: ...
    @property
    def depth(self) -> int: ...


T = TypeVar("T", bound=Placed)


def reply_target(parent_pk: int, parent_depth: int, grandparent_pk: int | None,
                 max_depth: int) -> tuple[int | None, int]:
    """The comment a reply attaches to, and the reply's depth."""
    if parent_depth < max_depth:
        return parent_pk, parent_depth + 1
    if grandparent_pk is None:
        return None, 1
    return grandparent_pk, max_depth


@dataclass
class Node(Generic[T]):
    """A comment in a thread. ``shown`` is False for a comment readers may not see that is
    kept only as a placeholder because replies to it are shown."""

    comment: T
    shown: bool
    children: list[Node[T]] = field(default_factory=list)


def build(comments: Iterable[T], shown: Callable[[T], bool]) -> list[Node[T]]:
    """Trees in the given (chronological) order, pruned to what readers may see.

    A hidden comment stays only as a placeholder for shown replies; a reply whose parent
    is not in ``comments`` at all becomes a root rather than disappearing.
    """
    nodes: dict[int, Node[T]] = {}
    roots: list[Node[T]] = []
    for comment in comments:
        node = Node(comment, shown(comment))
        nodes[comment.pk] = node
        parent = nodes.get(comment.parent_id) if comment.parent_id is not None else None
        (parent.children if parent else roots).append(node)
    return [node for node in roots if _prune(node)]


def _prune(node: Node[T]) -> bool:
    """Drop hidden branches; True when the node has anything to show."""
    node.children = [child for child in node.children if _prune(child)]
    return node.shown or bool(node.children)


def page_of(index: int, per_page: int) -> int:
    """1-based page number of the thread at 0-based ``index``."""
    return index // per_page + 1
