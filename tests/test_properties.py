"""Property-based tests (hypothesis) for the pure parsers: amounts, codes, units, 指标值, text."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from extract.amounts import parse_amount, to_wan
from extract.codes import code_level, join_code_parts, normalise_code, parent_code, \
    split_code_prefix
from extract.indicator_values import parse_target
from extract.textnorm import undouble

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

FULL_WIDTH = str.maketrans("0123456789,.-", "０１２３４５６７８９，．－")

amounts = st.decimals(min_value=Decimal("-999999999999.99"), max_value=Decimal("999999999999.99"),
                      allow_nan=False, allow_infinity=False, places=2)
any_places = st.integers(min_value=0, max_value=6)


def fmt(value: Decimal, places: int, thousands: bool) -> str:
    q = value.quantize(Decimal(1).scaleb(-places)) if places else value.quantize(Decimal(1))
    return f"{q:,.{places}f}" if thousands else f"{q:.{places}f}"


# --- amounts ---------------------------------------------------------------------------------

@SETTINGS
@given(amounts, any_places, st.booleans(), st.booleans())
def test_formatted_decimal_round_trips(value, places, thousands, full_width):
    text = fmt(value, places, thousands)
    expected = Decimal(text.replace(",", ""))
    if full_width:
        text = text.translate(FULL_WIDTH)
    got = parse_amount(text)
    assert got is not None, text
    assert got == (expected, places), (text, got)


@SETTINGS
@given(amounts.filter(lambda v: v > 0), st.booleans())
def test_parenthesised_amount_is_negative(value, thousands):
    text = "(" + fmt(value, 2, thousands) + ")"
    assert parse_amount(text) == (-value, 2)
    assert parse_amount(text.replace("(", "（").replace(")", "）")) == (-value, 2)


@SETTINGS
@given(st.text(max_size=40))
@example("１２，３４５．６７")
@example("1,23,4.5")
@example("(")
@example("()")
@example("%")
@example("\u3000")
def test_parse_amount_never_raises(text):
    got = parse_amount(text)
    if got is not None:
        value, decimals = got
        assert isinstance(value, Decimal) and value.is_finite()
        assert decimals >= 0


@SETTINGS
@given(st.text(alphabet="0123456789,.-()+ %元万亿合计", max_size=20))
def test_parse_amount_accepts_only_well_formed_numbers(text):
    got = parse_amount(text)
    if got is None:
        return
    t = unicodedata.normalize("NFKC", text).replace(" ", "").strip()
    if t.startswith("(") and t.endswith(")"):
        t = t[1:-1]
    assert re.fullmatch(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?", t), text


def test_misplaced_thousands_separators_are_not_amounts():
    for text in ("1,23,4.5", "12,34", ",123", "1,,234", "1.234.5"):
        assert parse_amount(text) is None, text


# --- units -----------------------------------------------------------------------------------

yuan_cents = st.integers(min_value=-10**15, max_value=10**15)


@SETTINGS
@given(yuan_cents)
def test_to_wan_is_exact_to_the_yuan_cent(cents):
    yuan = Decimal(cents) / 100
    wan = to_wan(yuan, "元")
    # DECIMAL(20, 6) in 万元 holds 元 cents exactly: 0.01 元 = 0.000001 万元
    assert wan == wan.quantize(Decimal("0.000001"))
    assert wan * 10000 == yuan
    assert to_wan(wan, "万元") == wan
    assert to_wan(wan / 10000, "亿元") == wan
    assert abs(wan) < Decimal(10) ** 14  # fits DECIMAL(20, 6)


@SETTINGS
@given(amounts, st.sampled_from(["元", "万元", "亿元", None]))
def test_to_wan_scales_by_the_printed_unit(value, unit):
    factor = {"元": Decimal("0.0001"), "万元": 1, "亿元": 10000, None: 1}[unit]
    assert to_wan(value, unit) == value * factor


# --- codes -----------------------------------------------------------------------------------

code_strings = st.integers(min_value=0, max_value=4).flatmap(
    lambda k: st.text(alphabet="0123456789", min_size=(3, 5, 7, 9, 9)[k],
                      max_size=(3, 5, 7, 9, 9)[k]))


@SETTINGS
@given(code_strings, st.booleans(), st.sampled_from(["", " ", "\u3000", "  "]))
def test_normalise_code_strips_spacing_and_full_width(code, full_width, sep):
    parts = [code[:3]] + [code[i:i + 2] for i in range(3, len(code), 2)]
    text = sep.join(parts)
    if full_width:
        text = text.translate(FULL_WIDTH)
    assert normalise_code(text) == code
    assert normalise_code(code) == code  # idempotent
    assert join_code_parts(parts) == code


@SETTINGS
@given(st.text(max_size=15))
def test_normalise_code_gives_digits_only_or_none(text):
    got = normalise_code(text)
    assert got is None or (got.isascii() and got.isdigit() and len(got) in (3, 5, 7, 9))
    if got is not None:
        assert normalise_code(got) == got


@SETTINGS
@given(code_strings)
def test_code_hierarchy(code):
    lvl = code_level(code)
    assert lvl == {3: 1, 5: 2, 7: 3, 9: 4}[len(code)]
    parent = parent_code(code)
    if len(code) == 3:
        assert parent is None
    else:
        assert code.startswith(parent) and code_level(parent) == lvl - 1


@SETTINGS
@given(st.sampled_from(["2010101", "20101", "201", "2040601"]),
       st.sampled_from(["行政运行", "一般公共服务支出", "（类）事务"]),
       st.sampled_from([" ", "", "\u3000"]))
def test_split_code_prefix(code, name, sep):
    got_code, rest = split_code_prefix(code + sep + name)
    # the name comes back NFKC-normalised (full-width brackets → ASCII): see the report
    assert (got_code, rest) == (code, unicodedata.normalize("NFKC", name))


@SETTINGS
@given(st.text(max_size=30))
def test_split_code_prefix_never_raises(text):
    code, rest = split_code_prefix(text)
    assert code is None or normalise_code(code) == code


# --- 指标值 ------------------------------------------------------------------------------------

OPS = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", "=": "=", "＞": ">", "＜": "<", "≧": ">=",
       "≦": "<=", ">=": ">=", "<=": "<="}


@SETTINGS
@given(st.text(max_size=30))
@example("$\\geq 80\\%$")
@example("≥")
@example("1e309")
@example("9" * 400)
def test_parse_target_never_raises(text):
    op, number, unit = parse_target(text)
    if number is None:
        assert op is None and unit is None
    else:
        assert op in (">=", "<=", "=", ">", "<")
        assert isinstance(number, float)


@SETTINGS
@given(st.sampled_from(sorted(OPS)), st.decimals(min_value=0, max_value=10**9, places=2,
                                                 allow_nan=False, allow_infinity=False),
       st.sampled_from(["", "%", "人", "元/人.月", "个", "万元", "天"]))
def test_parse_target_operator_and_number_match_the_text(sym, number, unit):
    text = f"{sym}{number}{unit}"
    op, got, got_unit = parse_target(text)
    assert op == OPS[sym], text
    assert got == float(number), text
    assert got_unit == (unit or None), text


@SETTINGS
@given(st.sampled_from([("不低于", ">="), ("不超过", "<="), ("大于", ">"), ("少于", "<"),
                        ("达到", ">=")]),
       st.integers(min_value=0, max_value=10**6), st.sampled_from(["%", "人", "家"]))
def test_parse_target_words(word_op, n, unit):
    word, op = word_op
    assert parse_target(f"{word}{n}{unit}") == (op, float(n), unit)
    assert parse_target(f"{n}{unit}以上") == (">=", float(n), unit)


@SETTINGS
@given(st.text(max_size=30))
def test_parse_target_number_is_printed_in_the_text(text):
    op, number, _ = parse_target(text)
    if number is None:
        return
    digits = re.sub(r"[^\d]", "", unicodedata.normalize("NFKC", text))
    whole = str(int(abs(number))) if abs(number) < 1e15 else None
    if whole is not None:
        assert whole.lstrip("0") in digits or whole == "0", (text, number)


# --- textnorm.undouble -----------------------------------------------------------------------

cjkish = st.text(alphabet="合计本年支出收入一般公共预算财政拨款0123456789.,年月AB ", max_size=24)


@SETTINGS
@given(st.one_of(st.text(max_size=30), cjkish))
@example("合计合计合计合计")
@example("764.49764.49764.49764.49")
@example("算算算算")
def test_undouble_never_lengthens_and_is_idempotent(text):
    once = undouble(text)
    assert len(once) <= len(text)
    assert undouble(once) == once, (text, once)


@SETTINGS
@given(cjkish.filter(lambda s: len(s) >= 2))
def test_undouble_of_a_doubled_piece(text):
    once = undouble(text + text)
    assert len(once) <= 2 * len(text)
    if re.search(r"[\u4e00-\u9fff]", text):
        assert len(once) <= len(text)
