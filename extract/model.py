"""The canonical model: the spine every reader produces and every loader consumes.

A reader (text conversion, PDF, later HTML or spreadsheet) turns bytes into a ``Document`` whose
``tables`` are *grids*: printed rows of printed cells, each cell with its text as printed (after
fake-bold doubling, watermarks and wraps are undone) and its provenance (page, row, column).
Readers do not decide what a column means. ``extract.tables.interpret`` reads every grid, whatever
its source format, into ``LineItem``s (one per row and measure) — so PDF and text share one
interpretation of headers, codes, units and measures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

DOC_TYPES = ("budget", "final_account", "performance")
SCOPES = ("department", "unit")
UNITS_AS_PRINTED = ("元", "万元", "亿元")


class ParseError(Exception):
    """A document that cannot be read. The message is for a person: say what and where."""


@dataclass
class Cell:
    text: str  # as printed, normalised (no fake-bold doubling, wraps joined)
    page: int  # 1-based page where the cell is printed (text conversions: best known page)
    row: int  # 0-based row index within the table grid
    col: int  # 0-based column index within the table grid
    confidence: Optional[float] = None  # OCR's confidence (0–1) in the cell's text; None: a text layer


@dataclass
class Table:
    """One printed table, possibly spanning pages; header rows are part of ``grid``."""

    table_id: int  # order within the document, 1-based
    title: str  # as printed (e.g. "2026年预算收支总表")
    grid: list[list[Cell]]  # every printed row, header rows included; rows may differ in length
    page_from: int
    page_to: int
    unit_as_printed: Optional[str] = None  # 元 | 万元 | 亿元 from "单位：万元"; None if unstated
    is_empty: bool = False  # "本表无数据" and the like: present and empty on purpose
    table_kind: Optional[str] = None  # filled by the interpreter (DOMAIN.md's list) or None
    unit_name: Optional[str] = None  # "部门名称：…" / "单位名称：…" above the table, if printed
    number_label: Optional[str] = None  # "预算公开表1", "公开05表", "表一" as printed
    notes: list[str] = field(default_factory=list)  # "注：…" lines under the table
    # how the figures were read: "text" (a PDF's text layer, HTML, a spreadsheet, a text
    # conversion) or "ocr" (recognised from a page image): analysts filter OCR'd figures
    read_by: str = "text"
    sheet_name: Optional[str] = None  # a spreadsheet's sheet the table was read from (page = its number)

    def rows_text(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.grid]


@dataclass
class LineItem:
    """One amount of one row of a financial table (CONTRACT.md's fct_line_item grain)."""

    table_id: int
    page_number: int
    row_number: int  # order within the table (0-based grid row index)
    measure: str
    amount_wan: Decimal  # converted to 万元 exactly
    amount_as_printed: str
    decimals: int  # digits after the decimal point as printed (for rounding tolerance)
    item_name: str
    is_total: bool = False
    side: Optional[str] = None  # income | expenditure on two-sided summary tables
    subject_code: Optional[str] = None
    economic_code: Optional[str] = None
    government_economic_name: Optional[str] = None  # the 政府预算经济分类 name printed beside
    unit_name: Optional[str] = None  # the unit a row belongs to in multi-unit tables
    col_number: int = 0  # grid column the amount came from


@dataclass
class Statistic:
    """A printed figure that is not money (vehicles, staff, floor area)."""

    table_id: Optional[int]
    page_number: int
    item_name: str
    value: Decimal
    unit_as_printed: Optional[str]


@dataclass
class PerformanceIndicator:
    project_key: Optional[str]  # None for department-level goals
    project_name: Optional[str]
    period: str  # annual | implementation
    level1: Optional[str]
    level2: Optional[str]
    indicator_name: str
    target_value: Optional[str]
    target_operator: Optional[str] = None
    target_number: Optional[float] = None
    target_unit: Optional[str] = None
    actual_value: Optional[str] = None
    weight: Optional[Decimal] = None
    score: Optional[Decimal] = None
    page_number: int = 1


@dataclass
class PerformanceProject:
    project_key: str  # unit + name: unique within the document
    project_name: str
    page_number: int
    kind: str  # target | self_evaluation
    project_code: Optional[str] = None
    unit_name: Optional[str] = None
    department_name: Optional[str] = None
    annual_amount_wan: Optional[Decimal] = None
    total_amount_wan: Optional[Decimal] = None
    executed_amount_wan: Optional[Decimal] = None
    execution_rate: Optional[Decimal] = None
    total_score: Optional[Decimal] = None
    grade: Optional[str] = None
    extra: dict = field(default_factory=dict)  # 年初预算数, 全年预算数, 总体目标 … as printed


@dataclass
class TextFigure:
    """One figure the explanation (情况说明) states, or one comparison word it uses: what the text
    checks set against the tables and against the text's own arithmetic (extract/statements/)."""

    statement_index: int  # order within the document, 1-based
    page_number: int  # 1-based page where the figure is printed
    sentence: str  # the whole sentence as printed, whitespace normalised
    section: Optional[str]  # the heading it sits under ("三、一般公共预算支出情况说明")
    subject: Optional[str]  # what the figure is about: a 类/款/项 or a line (基本支出, 三公经费 …)
    subject_code: Optional[str]  # digits of the 类/款/项 when the sentence names one
    figure_kind: str  # amount | share | rate | change | comparison | count
    figure: Optional[Decimal] = None  # as stated (a change's size without its sign)
    figure_as_printed: Optional[str] = None  # "2,963.41"
    decimals: Optional[int] = None  # digits after the point as printed (tolerance)
    unit_as_printed: Optional[str] = None  # 万元 | 元 | 亿元 | % | 辆 | 个 …
    amount_wan: Optional[Decimal] = None  # money in 万元, converted exactly; None otherwise
    direction: Optional[str] = None  # + | - for a change (增加/增长 +, 减少/下降 -)
    compared_to: Optional[str] = None  # 上年 | 年初预算 | 全年预算 | 预算数 | a share's base …
    comparison: Optional[str] = None  # 大于 | 小于 | 等于 | 持平 … for a comparison
    measure: Optional[str] = None  # budget | final when the words say which figure it is
    subsection: Optional[str] = None  # the sub-heading （一）… under the section, if any


@dataclass
class Document:
    document_id: str  # sha256 hex of the bytes
    source_uri: str
    file_name: str
    format: str  # text | pdf | html | xlsx | xls
    page_count: int
    pages_text: list[str] = field(default_factory=list)  # plain text per page, for text checks
    doc_title: Optional[str] = None
    unit_name: Optional[str] = None
    unit_code: Optional[str] = None
    region_code: Optional[str] = None
    fiscal_year: Optional[int] = None
    doc_type: Optional[str] = None
    scope: Optional[str] = None
    tables: list[Table] = field(default_factory=list)
    line_items: list[LineItem] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    performance_projects: list[PerformanceProject] = field(default_factory=list)
    performance_indicators: list[PerformanceIndicator] = field(default_factory=list)
    text_figures: list[TextFigure] = field(default_factory=list)  # the explanation's statements
    warnings: list[str] = field(default_factory=list)
