"""Groups of old and new codes that compare with each other (options, coding-frame codes)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Group:
    """Old codes and new codes that compare as one category (either side may be empty)."""

    old: tuple[str, ...]
    new: tuple[str, ...]

    @property
    def kind(self) -> str:
        """``same``, ``recoded``, ``added``, ``removed``, ``merged``, ``split`` or ``regrouped``."""
        if not self.old:
            return "added"
        if not self.new:
            return "removed"
        if len(self.old) == 1 and len(self.new) == 1:
            return "same" if self.old == self.new else "recoded"
        if len(self.new) == 1:
            return "merged"
        if len(self.old) == 1:
            return "split"
        return "regrouped"


def groups(
    old_codes: Sequence[str],
    new_codes: Sequence[str],
    explicit: Mapping[str, Sequence[str]],
    *,
    excluded_old: Sequence[str] = (),
) -> list[Group]:
    """Connected groups of the links new → old, in new order then old order.

    Links are the ``explicit`` ones (new code → old codes) and, for every new code without
    an explicit link, the old code of the same id when no explicit link takes it already and
    it is not in ``excluded_old`` (e.g. retired codes).
    """
    targeted = {old for olds in explicit.values() for old in olds}
    edges: list[tuple[str, str]] = []
    for new in new_codes:
        if new in explicit:
            edges += [(new, old) for old in explicit[new]]
        elif new in old_codes and new not in targeted and new not in excluded_old:
            edges.append((new, new))
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(node):
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for new, old in edges:
        parent[find(("new", new))] = find(("old", old))
    members: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    order = [("new", c) for c in new_codes] + [("old", c) for c in old_codes]
    for side, code in order:
        root = find((side, code))
        olds, news = members.setdefault(root, ([], []))
        (news if side == "new" else olds).append(code)
    rank = {("new", c): i for i, c in enumerate(new_codes)}
    rank.update({("old", c): len(new_codes) + i for i, c in enumerate(old_codes)})
    ordered = sorted(
        members.values(),
        key=lambda m: min([rank[("new", c)] for c in m[1]] or [rank[("old", c)] for c in m[0]]),
    )
    return [Group(tuple(olds), tuple(news)) for olds, news in ordered]
