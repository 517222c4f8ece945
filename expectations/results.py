"""The one result type of every check family and the one tolerance rule (DOMAIN.md).

``CheckResult`` holds the columns of ``dq.check_results`` (CONTRACT.md) that a check fills; the
runner adds ``run_id`` and ``checked_at``. ``tolerance`` is DOMAIN.md's rule: an identity over
printed numbers holds when its two sides differ by at most half a unit of the last printed digit of
every printed number taking part, in 万元. Every family takes its tolerance from here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from decimal import Decimal
from typing import Optional, Union

ERROR, WARNING = "error", "warning"
PASS, FAIL, NOT_APPLICABLE = "pass", "fail", "not_applicable"

UNIT_FACTORS_TO_WAN = {"元": Decimal("0.0001"), "万元": Decimal("1"), "亿元": Decimal("10000")}
ZERO = Decimal(0)
HALF = Decimal("0.5")
AMOUNT_FIELDS = ("expected", "actual", "difference", "tolerance")


@dataclass
class CheckResult:
    document_id: Optional[str]
    check_name: str
    description: str
    severity: str
    status: str
    table_kind: Optional[str] = None
    page_number: Optional[int] = None
    subject_code: Optional[str] = None
    item_name: Optional[str] = None
    expected: Optional[Decimal] = None
    actual: Optional[Decimal] = None
    difference: Optional[Decimal] = None
    tolerance: Optional[Decimal] = None
    table_id: Optional[int] = None
    measure: Optional[str] = None

    def __post_init__(self) -> None:
        # amounts are exact: a number given as int or str becomes the Decimal it prints
        for name in AMOUNT_FIELDS:
            value = getattr(self, name)
            if value is not None and not isinstance(value, Decimal):
                setattr(self, name, Decimal(str(value)))

    def as_dict(self) -> dict:
        return asdict(self)

    # read access by key: callers (and tests) written against the dict results the performance
    # and text checks used to return keep working
    def __getitem__(self, key: str):
        if key not in RESULT_FIELDS:
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key: str, default=None):
        return getattr(self, key) if key in RESULT_FIELDS else default


RESULT_FIELDS = tuple(f.name for f in fields(CheckResult))


def judge(difference: Decimal, tolerance: Decimal) -> str:
    """pass when |difference| <= tolerance: the one comparison every identity makes."""
    return PASS if abs(difference) <= tolerance else FAIL


def half_unit(decimals: int, unit: Optional[str] = None) -> Decimal:
    """Half a unit of the last digit of a number printed with ``decimals`` decimals in ``unit``
    (万元 when None), in 万元: 0.005 for 12.34 万元, 0.000005 for 12.34 元 (= 0.005 元)."""
    factor = UNIT_FACTORS_TO_WAN.get(unit or "万元", Decimal(1))
    return HALF * Decimal(10) ** (-int(decimals)) * factor


Printed = Union[dict, tuple, int, None]


def tolerance(*printed: Printed) -> Decimal:
    """DOMAIN.md's rule: Σ half a unit of the last printed digit of each number taking part, in
    万元. Each number is a line item (a dict with ``decimals`` and ``unit_as_printed``), a
    ``(decimals, unit)`` pair, or its decimals alone (万元, or a percent or score: unit-less
    figures count in their own unit). None is a blank: it adds nothing."""
    total = ZERO
    for number in printed:
        if number is None:
            continue
        if isinstance(number, dict):
            total += half_unit(number["decimals"], number.get("unit_as_printed"))
        elif isinstance(number, tuple):
            total += half_unit(*number)
        else:
            total += half_unit(number)
    return total
