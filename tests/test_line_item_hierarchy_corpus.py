"""The row hierarchy of marts.fct_line_item (int_line_items__hierarchy) on real corpus documents:
under every root, the leaves add up to the root within rounding (half a unit of the last printed
digit per number, DOMAIN.md), so an analyst summing ``WHERE is_leaf`` under one root counts every
amount once — and a few tables read by hand from the PDFs:

- cppcc-office-2018-budget-tables.pdf p12 (政府采购预算表): 合计 1,281.76 over 一、货物A 355.67 and
  三、服务C 926.09, each over projects (办公设备购置费 300.00, 省政协专项会议 55.67, …) over 品目 rows,
  printed one under the other with no code or indent the line items keep (basis row_sums);
- the same document p2 (收入预算总表): 收入总计 10,150.48 = 一般公共预算资金 小计 10,070.48 (=
  公共财政拨款(补助)资金 10,070.48) + 其他资金 小计 80.00 (= 其他收入 80.00);
- changsha-petitions-bureau-2026-budget.pdf p20 (三公): items are columns and the table prints a 合计
  row and the bureau's row, both 小计 8.00 = 公务接待费 3.00 + 公务用车购置及运行费 5.00 (= 其中：公务用车
  运行费 5.00): each printed row is a tree of its own.

The documents are ingested once into a temporary warehouse (about a minute)."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from tests.conftest import CORPUS, run_cli

pytestmark = pytest.mark.slow

DOCUMENTS = [
    "jiangsu-province/cppcc-office-2018-budget-tables.pdf",
    "jiangsu-province/procuratorate-2018-budget.pdf",
    "hunan/changsha-petitions-bureau-2026-budget.pdf",
    "shaanxi/xian-justice-bureau-2026-budget.pdf",
]


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    paths = [CORPUS / rel for rel in DOCUMENTS]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        pytest.skip(f"corpus documents not available: {missing}")
    wh = tmp_path_factory.mktemp("hierarchy_corpus") / "govbudget.duckdb"
    code, output = run_cli(["ingest", *map(str, paths), "--warehouse", str(wh)])
    assert code == 0, output
    c = duckdb.connect(str(wh), read_only=True)
    yield c
    c.close()


def rows(con, sql, params=None) -> list[dict]:
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def doc_id(con, file_name: str) -> str:
    return con.execute("select document_id from marts.dim_document where file_name = ?",
                       [file_name]).fetchone()[0]


# half a unit of the last printed digit of a number, in 万元
HALF_UNIT = """(0.5 * power(10, -coalesce({t}.decimals, 2))
                * case {t}.unit_as_printed when '元' then 0.0001 when '亿元' then 10000 else 1 end)"""

ROOTS_AND_LEAVES = f"""
    select d.file_name, r.line_item_id, r.table_kind, r.page_number, r.item_name, r.measure,
           r.hierarchy_basis, r.amount_wan as root_wan,
           sum(l.amount_wan) as leaves_wan, count(*) as leaves,
           sum({HALF_UNIT.format(t='l')}) + any_value({HALF_UNIT.format(t='r')}) as tolerance_wan
    from marts.fct_line_item r
    join marts.fct_line_item l on l.root_line_item_id = r.line_item_id and l.is_leaf
    join marts.dim_document d on d.document_id = r.document_id
    where r.root_line_item_id = r.line_item_id
    group by all
"""


def test_leaves_add_up_to_every_root(con):
    roots = rows(con, ROOTS_AND_LEAVES)
    assert len(roots) >= 50
    # the tables of these documents exercise the rules and the parse by amounts
    assert {"row_sums", "three_public_names", "code_prefix"} <= {r["hierarchy_basis"] for r in roots}
    wrong = [r for r in roots if abs(r["root_wan"] - r["leaves_wan"]) > r["tolerance_wan"]]
    assert wrong == []


def test_every_placed_row_has_a_root_of_its_own_group(con):
    """A row in the hierarchy has a root, a level and a leaf flag; its parent and root are amounts
    of the same table and measure; a row outside has none of them."""
    bad = rows(con, """
        select li.line_item_id
        from marts.fct_line_item li
        left join marts.fct_line_item p on p.line_item_id = li.parent_line_item_id
        left join marts.fct_line_item r on r.line_item_id = li.root_line_item_id
        where (li.hierarchy_basis is null) <> (li.root_line_item_id is null)
           or (li.hierarchy_basis is null) <> (li.is_leaf is null)
           or (li.hierarchy_basis is null) <> (li.item_level is null)
           or (li.parent_line_item_id is not null
               and (p.table_id <> li.table_id or p.measure <> li.measure
                    or p.item_level <> li.item_level - 1 or p.is_leaf))
           or (li.root_line_item_id is not null
               and (r.table_id <> li.table_id or r.measure <> li.measure or r.parent_line_item_id is not null))""")
    assert bad == []


def tree(con, file_name, table_kind, page, measure="total"):
    return rows(con, """
        select li.row_number, li.item_name, li.amount_wan, li.item_level, li.is_leaf,
               li.hierarchy_basis, p.item_name as parent_name, p.row_number as parent_row
        from marts.fct_line_item li
        left join marts.fct_line_item p on p.line_item_id = li.parent_line_item_id
        where li.document_id = ? and li.table_kind = ? and li.page_number = ? and li.measure = ?
        order by li.row_number, li.col_number""",
        [doc_id(con, file_name), table_kind, page, measure])


def test_procurement_table_subtotals_are_parents_of_their_items(con):
    # p12 read with pdfplumber: 合计 1,281.76; 一、货物A 355.67 (办公设备购置费 300.00: 18.00, 12.00,
    # 2.00, 53.00, 7.00, 10.00, 198.00; 省政协专项会议 55.67: 15.16, 40.51); 三、服务C 926.09
    # (81.60: 6.40, 54.40, 20.80; 758.49: 20.00, 537.30, 161.19, 40.00; 70.00: 35.00, 35.00;
    # 16.00: 8.00, 8.00)
    got = tree(con, "cppcc-office-2018-budget-tables.pdf", "procurement", 12)
    assert {r["hierarchy_basis"] for r in got} == {"row_sums"}
    by_amount_level = [(r["item_name"], r["amount_wan"], r["item_level"], r["is_leaf"]) for r in got]
    assert by_amount_level[:4] == [
        ("合计", Decimal("1281.76"), 0, False),
        ("一、货物A", Decimal("355.67"), 1, False),
        ("办公设备购置费", Decimal("300.00"), 2, False),
        ("台式计算机（20万以下）", Decimal("18.00"), 3, True),
    ]
    level1 = [(r["item_name"], r["amount_wan"]) for r in got if r["item_level"] == 1]
    assert level1 == [("一、货物A", Decimal("355.67")), ("三、服务C", Decimal("926.09"))]
    office = [r["amount_wan"] for r in got if r["parent_name"] == "办公设备购置费"]
    assert office == [Decimal(x) for x in ("18.00", "12.00", "2.00", "53.00", "7.00", "10.00", "198.00")]
    leaves = [r["amount_wan"] for r in got if r["is_leaf"]]
    assert len(leaves) == 20 and sum(leaves) == Decimal("1281.76")
    # the naive sum of every row under the 合计 counts the subtotals too: three times the total
    assert sum(r["amount_wan"] for r in got if r["item_level"] > 0) == Decimal("3845.28")


def test_income_summary_blocks_are_parents_of_their_sources(con):
    got = tree(con, "cppcc-office-2018-budget-tables.pdf", "income_summary", 2)
    assert [(r["item_name"], r["amount_wan"], r["item_level"], r["is_leaf"], r["parent_name"])
            for r in got] == [
        ("收入总计", Decimal("10150.48"), 0, False, None),
        ("一般公共预算资金", Decimal("10070.48"), 1, False, "收入总计"),
        ("公共财政拨款(补助)资金", Decimal("10070.48"), 2, True, "一般公共预算资金"),
        ("其他资金", Decimal("80.00"), 1, False, "收入总计"),
        ("其他收入", Decimal("80.00"), 2, True, "其他资金"),
    ]


def test_three_public_items_as_columns_make_a_tree_per_printed_row(con):
    got = tree(con, "changsha-petitions-bureau-2026-budget.pdf", "three_public", 20)
    printed_rows = sorted({r["row_number"] for r in got})
    assert len(printed_rows) == 2  # the 合计 row and 长沙市信访局's row, both 8.00
    for row in printed_rows:
        one = {r["item_name"]: (r["amount_wan"], r["item_level"], r["is_leaf"], r["parent_name"],
                                r["parent_row"])
               for r in got if r["row_number"] == row}
        assert one == {
            "小计": (Decimal("8.00"), 0, False, None, None),
            "公务接待费": (Decimal("3.00"), 1, True, "小计", row),
            "公务用车购置及运行费": (Decimal("5.00"), 1, False, "小计", row),
            "公务用车运行费": (Decimal("5.00"), 2, True, "公务用车购置及运行费", row),
        }
