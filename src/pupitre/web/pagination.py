"""Pages of long lists whose cost does not grow with the list.

Django's Paginator counts every matching row to number the pages. The desk
queue is reloaded all day and its open work grows with the programme:
counting thousands of rows on every reload costs more than reading the page.
`bounded_page` counts at most `COUNT_LIMIT` + 1 rows; beyond that the page
says "more than 1,000" and every further page stays reachable with "Next".
"""

from collections.abc import Callable
from dataclasses import dataclass

from pupitre.core.request_input import parse_page

COUNT_LIMIT = 1000


@dataclass(frozen=True)
class BoundedPage:
    object_list: list
    number: int
    per_page: int
    # Matching rows: exact up to COUNT_LIMIT; COUNT_LIMIT + 1 means "more".
    counted: int
    # Whether rows follow this page (read only when the count is not exact).
    more_after: bool = False

    @property
    def is_count_exact(self) -> bool:
        return self.counted <= COUNT_LIMIT

    @property
    def count_limit(self) -> int:
        return COUNT_LIMIT

    @property
    def num_pages(self) -> int | None:
        """Known only when the count is exact."""
        if not self.is_count_exact:
            return None
        return max(1, -(-self.counted // self.per_page))

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.object_list) - 1 if self.object_list else 0

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        if self.num_pages is not None:
            return self.number < self.num_pages
        return self.more_after

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def bounded_page(
    queryset, page_number, per_page: int, read: Callable = lambda rows: rows
) -> BoundedPage:
    """The page `page_number` (from the query string, maybe invalid) of
    `queryset`; `read` turns the page's slice into what is shown (e.g. a
    `.values()`). Two queries: a bounded count, then the page's rows (one
    more than a page when the count is not exact, to know if a next page
    exists). An invalid number gives the first page; a number past the end
    gives the last page, as Django's `Paginator.get_page` does."""
    number = parse_page(page_number)
    counted = queryset[: COUNT_LIMIT + 1].count()
    if counted > COUNT_LIMIT:
        offset = (number - 1) * per_page
        rows = list(read(queryset[offset : offset + per_page + 1]))
        if rows or number == 1:
            return BoundedPage(rows[:per_page], number, per_page, counted, len(rows) > per_page)
        # Past the end of a long list (a stale link): count it all, once.
        counted = queryset.count()
    number = min(number, max(1, -(-counted // per_page)))
    offset = (number - 1) * per_page
    rows = list(read(queryset[offset : offset + per_page]))
    # A long list counted in full above is shown with its exact number.
    return BoundedPage(
        rows, number, per_page, min(counted, COUNT_LIMIT + 1), counted > offset + per_page
    )
