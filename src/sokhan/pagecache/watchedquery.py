"""request.GET, noting which names of the query string a page asked for.

A link shared on a social network comes back with the network's own parameters
(``?fbclid=…``, ``?utm_source=…``), and anyone may add a random one to each request
(``?r=123``). The statement page reads neither, so its bytes are those of the page
without them; yet each such address was rendered afresh, past the page cache: nine
times the time of a kept page, and a cheap way to keep both cores busy.

What a page reads of the query decides what it shows. So while Django renders a page,
its ``request.GET`` is a ``WatchedQuery``, which notes every name asked for by
``get``, ``getlist``, ``[]`` and ``in``. A page rendered for a query that holds none of
those names is the page rendered without them: every question it asked got the same
answer. Anything that reads the query whole (iterating it, its length, ``items()``,
``urlencode()``, a copy) notes that the page read all of it, and that page is then
kept for its own query alone, as before.

The page cache's WSGI layer (``layer.py``) uses the names to answer such requests from
the page kept without them. A view that reads the query string another way (from
``request.META`` or ``get_full_path()``) must say so with ``reads_whole_query``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, QueryDict
from django.http.request import TooManyFieldsSent

# Read by Django itself, not the query's names.
_HARMLESS = frozenset({"encoding", "get", "getlist"})


class WatchedQuery(QueryDict):
    # Underscored, as every attribute of its own: any other name counts as a read.
    _watching = False
    _names: set[str]  # asked for by name
    _whole = False  # read whole

    @classmethod
    def of(cls, query: QueryDict) -> WatchedQuery:
        watched = cls(mutable=True, encoding=query.encoding)
        for name, values in query.lists():
            watched.setlist(name, values)
        watched._mutable = False
        watched._names = set()
        watched._whole = False
        watched._watching = True
        return watched

    def __getattribute__(self, name: str) -> Any:
        # Every public method but get and getlist reads the query whole (keys, items,
        # lists, dict, copy, urlencode…): a new one of Django's included.
        if (not name.startswith("_") and name not in _HARMLESS
                and object.__getattribute__(self, "_watching")):
            object.__setattr__(self, "_whole", True)
        return super().__getattribute__(name)

    def _asked(self, name: object) -> None:
        if self._watching:
            self._names.add(str(name))

    def __getitem__(self, key: str) -> Any:
        self._asked(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._asked(key)
        return super().get(key, default)

    def getlist(self, key: str, default: Any = None) -> Any:
        self._asked(key)
        return super().getlist(key, default)

    def __contains__(self, key: object) -> bool:
        self._asked(key)
        return super().__contains__(key)

    # Special methods are looked up on the type, past __getattribute__: each reads the
    # query whole.
    def _all(self) -> None:
        if self._watching:
            self._whole = True

    def __iter__(self) -> Any:
        self._all()
        return super().__iter__()

    def __len__(self) -> int:
        self._all()
        return super().__len__()

    def __reversed__(self) -> Any:
        self._all()
        return super().__reversed__()

    def __eq__(self, other: object) -> bool:
        self._all()
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]  # as dict's

    def __or__(self, other: Any) -> Any:
        self._all()
        return super().__or__(other)

    def __ror__(self, other: Any) -> Any:
        self._all()
        return super().__ror__(other)

    def __repr__(self) -> str:
        self._all()
        return super().__repr__()

    def __copy__(self) -> Any:  # a copy would not be watched
        self._all()
        return super().__copy__()

    def __deepcopy__(self, memo: Any) -> Any:
        self._all()
        return super().__deepcopy__(memo)

    def __reduce_ex__(self, protocol: Any) -> Any:
        self._all()
        return super().__reduce_ex__(protocol)


def watch(request: HttpRequest) -> None:
    """Make the request's GET a WatchedQuery (before the view runs)."""
    try:
        request.GET = WatchedQuery.of(request.GET)
    except TooManyFieldsSent:  # the view reading it answers 400; no page is kept
        pass


def reads_whole_query(request: HttpRequest) -> None:
    """For a view that reads the query string other than through request.GET."""
    request.reads_whole_query = True  # type: ignore[attr-defined]


def names_read(request: HttpRequest) -> frozenset[str] | None:
    """The names the page asked for, or None if it read the query whole (or another way)."""
    watched = request.GET
    if (not isinstance(watched, WatchedQuery) or watched._whole
            or getattr(request, "reads_whole_query", False)):
        return None
    return frozenset(watched._names)
