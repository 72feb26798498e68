"""The one rule about bases (口径): figures of different bases are never compared, summed or
ranked together. Every comparison in this package goes through `same_basis`."""

from __future__ import annotations

from collections.abc import Iterable

from app.errors import UnprocessableParameter


class MixedBasis(UnprocessableParameter):
    """A comparison across bases was asked for (e.g. 产值 against 营业收入): 422."""

    title = "Figures of different bases cannot be compared"


def same_basis(items: Iterable[dict], parameter: str = "measure") -> str:
    """The one basis shared by all `items` (dicts with `basis` and a `code` or `measure_code`),
    or MixedBasis naming every basis involved."""
    items = list(items)
    bases = {item["basis"] for item in items}
    if len(bases) > 1:
        named = "; ".join(
            f"{item.get('code') or item.get('measure_code')}: {item['basis']}" for item in items
        )
        raise MixedBasis(
            "figures of different bases (口径) are never compared, summed or ranked together "
            f"({named}); 产值 is not 营业收入 and a growth rate is not a level",
            parameter,
        )
    if not bases:
        raise UnprocessableParameter("nothing to compare", parameter)
    return bases.pop()
