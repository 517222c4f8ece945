"""The bundled sample: generated PDFs read back with pdfplumber, figures satisfy DOMAIN.md's identities."""

from __future__ import annotations

import time
from decimal import Decimal
from functools import cached_property

import pdfplumber
import pytest

from sample import figures as F
from sample.generate import WATERMARK, WATERMARK_GREY, generate_sample, main

Y = F.YEAR
BUDGET = f"shifan-justice-{Y}-budget.pdf"
FINAL = f"shifan-justice-{Y}-final-account.pdf"
UNIT = f"shifan-district-justice-{Y}-unit-budget.pdf"


def clean(page):
    """Drop the light-grey watermark and undo fake bold, as a reader must."""
    return page.filter(lambda o: o.get("non_stroking_color") != (WATERMARK_GREY,)).dedupe_chars()


class Page:
    """One page, read lazily: ``text`` and ``tables`` after ``clean``; ``raw`` as drawn."""

    def __init__(self, page):
        self.page, self.width, self.height = page, page.width, page.height

    @cached_property
    def tidy(self):
        return clean(self.page)

    @cached_property
    def text(self):
        return self.tidy.extract_text()

    @cached_property
    def tables(self):
        return self.tidy.extract_tables()

    @cached_property
    def raw(self):
        return self.page.extract_text()

    @cached_property
    def grey(self):
        return "".join(c["text"] for c in self.page.chars if c["non_stroking_color"] == (WATERMARK_GREY,))


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample_data")
    started = time.perf_counter()
    paths = generate_sample(out)
    elapsed = time.perf_counter() - started
    pdfs = [pdfplumber.open(p) for p in paths]
    yield {"paths": paths, "elapsed": elapsed, **{p.name: [Page(pg) for pg in pdf.pages] for p, pdf in zip(paths, pdfs, strict=True)}}
    for pdf in pdfs:
        pdf.close()


def page_with(doc, text):
    return next(i for i, p in enumerate(doc) if text in p.text)


def amount(s: str) -> Decimal:
    return Decimal(s.replace(",", "")) if s else Decimal(0)


def check_function_rows(rows, ncols):
    """合计 = Σ 类, 类 = Σ 款, 款 = Σ 项 for each amount column (exactly), and 合计 = 基本 + 项目 per row."""
    coded = {r[0]: [amount(x) for x in r[-ncols:]] for r in rows if r[0].isdigit()}
    for code, values in coded.items():
        children = [v for c, v in coded.items() if c.startswith(code) and len(c) == len(code) + 2]
        if children:
            assert values == [sum(col) for col in zip(*children, strict=False)], code
        assert values[0] == values[1] + values[2], code
    total = next([amount(x) for x in r[-ncols:]] for r in rows if r[0] == "合计")
    assert total == [sum(col) for col in zip(*(v for c, v in coded.items() if len(c) == 3), strict=False)]
    return coded


def test_generates_three_small_pdfs_quickly(sample):
    assert [p.name for p in sample["paths"]] == [BUDGET, FINAL, UNIT]
    assert sample["elapsed"] < 5
    for name in (BUDGET, FINAL, UNIT):
        assert 5 <= len(sample[name]) <= 16  # the budget ends with 3 绩效目标表 pages


def test_generation_is_deterministic(sample, tmp_path):
    again = generate_sample(tmp_path / "again")
    for first, second in zip(sample["paths"], again, strict=False):
        assert first.read_bytes() == second.read_bytes()


def test_cli_writes_into_the_given_folder(tmp_path, capsys):
    main([str(tmp_path / "cli")])
    assert sorted(p.name for p in (tmp_path / "cli").iterdir()) == sorted([BUDGET, FINAL, UNIT])
    assert BUDGET in capsys.readouterr().out


def test_budget_title_fake_bold_watermark_running_header_and_footer(sample):
    doc = sample[BUDGET]
    assert doc[0].text.splitlines() == [F.DEPARTMENT, f"{Y}年度部门预算公开"]
    assert "示示范范市市司司法法局局" in doc[0].raw  # fake bold doubles every character
    for page in doc:
        assert page.grey == WATERMARK * 3
    assert all(p.text.splitlines()[0] == f"{F.DEPARTMENT}{Y}年部门预算公开" for p in doc[1:])
    assert doc[3].text.splitlines()[-1] == "-3-"
    assert "-" not in doc[0].text  # the cover has no page number


def test_watermark_lands_in_table_cells_unless_filtered(sample):
    doc = sample[BUDGET]
    page = doc[page_with(doc, f"{Y}年一般公共预算支出预算表（不含上年结转）")].page
    cells = [c or "" for row in page.dedupe_chars().extract_tables()[0] for c in row]
    assert any(ch in cell for cell in cells for ch in WATERMARK)  # dedupe_chars alone is not enough


def test_budget_general_budget_table_reads_back_and_reconciles(sample):
    doc = sample[BUDGET]
    page = doc[page_with(doc, f"{Y}年一般公共预算支出预算表（不含上年结转）")]
    (table,) = page.tables
    assert table[:3] == [["项目", None, f"{Y}年预算数", None, None], ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                         ["合计", "", "2963.41", "2538.32", "425.09"]]
    assert ["2040601", "行政运行", "612.11", "612.11", ""] in table
    assert ["2040602", "一般行政管理事务", "320.70", "", "320.70"] in table
    check_function_rows(table[2:], 3)


def test_budget_summary_continues_without_header_and_wraps_cells(sample):
    doc = sample[BUDGET]
    first = page_with(doc, f"{Y}年预算收支总表")
    head, tail = doc[first].tables[0], doc[first + 1].tables[0]
    assert head[:2] == [["收入", None, "支出", None, None, None],
                        ["项目", f"{Y}年", "项目", f"{Y}年合计", "当年预算安排", "上年结转安排"]]
    assert tail[0][0] == "" and tail[0][2].startswith("二十九、")  # continued, header not repeated
    rows = head[2:] + tail
    assert ["", "", "二十三、灾害防治及应急管\n理支出", "", "", ""] in rows
    assert ["一、一般公共预算", "2963.41", "一、一般公共服务支出", "3.39", "3.39", ""] in rows
    assert ["收入总计", "2963.41", "支出总计", "2963.41", "2963.41", ""] in rows
    classes = [r for r in rows if "、" in r[2]]
    assert len(classes) == 30
    total = next(r for r in rows if r[2] == "本年支出合计")
    assert amount(total[3]) == sum(amount(r[3]) for r in classes)


def test_budget_other_tables(sample):
    doc = sample[BUDGET]
    assert doc[page_with(doc, f"{Y}年预算收入总表")].width == 842  # the landscape page
    econ = doc[page_with(doc, "一般公共预算基本支出经济分类表")].tables[0]
    assert ["合计", "", "", "2538.32", "2194.96", "343.36"] in econ
    assert ["301", "工资福利支出", "", "2026.90", "2026.90", ""] in econ
    assert ["30101", "基本工资", "工资奖金津补贴", "596.21", "596.21", ""] in econ
    page = doc[page_with(doc, "政府性基金预算支出表")]
    assert "注：本表无数据" in page.text
    three, running = page.tables[1:]
    assert three[-1] == ["合计", "22.10", "22.10", "", ""]
    assert running[2] == ["部门合计", "343.36", "343.36", "", ""]
    projects = doc[page_with(doc, "项目支出预算表（本年预算）")].tables[0]
    assert ["", "示范市强制隔离戒毒所", "84.99", "84.99", "", "", "", ""] in projects
    assert [f"{F.REGION_CODE}{Y}0009", "强制隔离戒毒业务费", "3.85", "3.85", "", "", "", ""] in projects
    units = [r for r in projects[3:] if r[0] == ""]
    assert amount(units[0][2]) == sum(amount(r[2]) for r in units[1:])  # department = Σ units
    for k, unit in enumerate(units[1:], 1):  # each unit = Σ its projects
        start = projects.index(unit) + 1
        end = projects.index(units[k + 1]) if k + 1 < len(units) else len(projects)
        assert amount(unit[2]) == sum(amount(r[2]) for r in projects[start:end])
    text = doc[page_with(doc, "部门预算情况说明")].text.replace("\n", "")  # before the 绩效目标表 pages
    assert "预算收入总计2,963.41万元" in text
    assert "基本支出2538.32万元，占85.66%；项目支出425.09万元，占14.34%" in text


def test_final_account_reads_back(sample):
    doc = sample[FINAL]
    fa = F.final_account()
    assert doc[0].text.splitlines() == [F.DEPARTMENT, f"{Y}年度部门决算公开"]
    assert doc[page_with(doc, "收入支出决算总表")].tables == []  # unruled: read it from text lines
    summary = doc[page_with(doc, "收入支出决算总表")].text.splitlines()
    assert "一、一般公共预算财政拨款收入 1 2,973.57 一、一般公共服务支出 31 3.39" in summary
    assert "年初结转和结余 29 年末结转和结余 59 14.52" in summary
    assert f"总计 30 {fa['grand_total']:,} 总计 60 {fa['expenditure'] + fa['year_end']:,}" in summary
    lines = doc[page_with(doc, "一般公共预算财政拨款支出决算表")].text.splitlines()
    assert "合计 2,959.05 2,552.07 406.98" in lines
    assert "2040601 行政运行 618.45 618.45" in lines
    page = doc[page_with(doc, "“三公”经费支出决算表")]
    assert page.width > page.height
    (table,) = page.tables
    assert table[0] == ["预算数", None, None, None, None, None, "决算数", None, None, None, None, None]
    assert table[-1] == ["22.10", "", "21.60", "", "21.60", "0.50", "21.21", "", "20.85", "", "20.85", "0.36"]
    assert "完成年初预算的95.97%，决算数小于预算数" in doc[page_with(doc, "第三部分 情况说明")].text.replace(
        "\n", "")


def test_unit_budget_shanghai_style(sample):
    doc = sample[UNIT]
    assert all(p.width > p.height for p in doc)
    first = page_with(doc, f"{Y}年预算单位一般公共预算支出功能分类预算表")
    head, tail = doc[first].tables[0], doc[first + 1].tables[0]
    header = [["项目", None, None, None, "一般公共预算支出", None, None],
              ["功能分类科目编码", None, None, "功能分类科目名称", "合计", "基本支出", "项目支出"],
              ["类", "款", "项", "", "", "", ""]]
    assert head[:3] == header and tail[:3] == header  # continued with the header repeated
    rows = head[3:] + tail[3:]
    assert ["204", "06", "01", "行政运行", "6,120,480.34", "6,120,480.34", "0.00"] in rows
    assert rows[-1] == ["合计", "", "", "", "26,143,631.34", "10,125,481.34", "16,018,150.00"]
    check_function_rows([["".join(r[:3]), *r[3:]] if r[0] != "合计" else r for r in rows], 3)
    econ = doc[page_with(doc, "部门预算经济分类预算表")].tables[0]
    assert ["301", "01", "基本工资", "1,243,020.00", "1,243,020.00", "0.00"] in econ
    three = doc[page_with(doc, "“三公”经费和机关运行经费预算表")]
    assert "单位：万元" in three.text and "单位：元" in doc[page_with(doc, "收入预算总表")].text
    assert three.tables[0][-1] == ["5.35", "0.00", "0.36", "4.99", "0.00", "4.99", "92.29"]
    assert "故本表为空表" in doc[page_with(doc, "政府性基金预算支出功能分类预算表")].text


def test_figures_satisfy_identities():
    zero = Decimal(0)
    # department budget: function = economic = units, projects = 项目支出 by subject
    basic, projects = sum(F.BUDGET_BASIC.values()), sum(a for *_x, a in F.PROJECTS)
    econ = {c: a for c, _n, _g, a in F.ECONOMIC}
    assert sum(econ.values()) == basic == Decimal("2538.32") and basic + projects == Decimal("2963.41")
    personnel = sum(a for c, a in econ.items() if c[:3] in ("301", "303"))
    public = sum(a for c, a in econ.items() if c.startswith("302"))
    assert (personnel, public) == (Decimal("2194.96"), Decimal("343.36"))
    assert sum(F.OPERATING_COST.values()) == public  # 机关运行经费 = 公用经费
    assert econ["30231"] == F.THREE_PUBLIC_BUDGET["vehicle_operation"]
    assert econ["30108"] == F.BUDGET_BASIC["2080505"] and econ["30113"] == F.BUDGET_BASIC["2210201"]
    for unit in F.UNITS:
        assert any(u == unit for u, *_x in F.PROJECTS)
    rows = F.function_rows(F.BUDGET_BASIC, F.project_by_subject())
    leaves = {c: (t, b, p) for c, _n, t, b, p in rows if len(c) == 7}
    for code, _n, t, b, p in rows:
        assert t == b + p
        assert (t, b, p) == tuple(sum((v[i] for c, v in leaves.items() if c.startswith(code)), zero) for i in range(3))
    assert sum(t for c, _n, t, *_x in rows if len(c) == 3) == basic + projects
    for tp in (F.THREE_PUBLIC_BUDGET, F.THREE_PUBLIC_FINAL, F.SH_THREE_PUBLIC):
        t = F.three_public(tp)
        assert t["total"] == t["abroad"] + t["reception"] + t["vehicle"]
        assert t["vehicle"] == t["vehicle_purchase"] + t["vehicle_operation"]
    # final account: 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余
    fa = F.final_account()
    assert fa["year_start"] + fa["income"] == fa["expenditure"] + fa["year_end"]
    assert fa["expenditure"] == sum(F.FINAL_BASIC.values()) + sum(F.FINAL_PROJECT.values())
    # Shanghai-style unit budget (元): economic = function basic; 万元 tables match the 元 figures exactly
    sh_public = sum(a for c, a in F.SH_ECONOMIC.items() if c.startswith("302"))
    assert sum(F.SH_ECONOMIC.values()) == sum(F.SH_BASIC.values())
    assert sh_public % 100 == 0 and sh_public / 10000 == Decimal("92.29")
    assert F.SH_ECONOMIC["30217"] / 10000 == F.SH_THREE_PUBLIC["reception"]
    assert F.SH_ECONOMIC["30231"] / 10000 == F.SH_THREE_PUBLIC["vehicle_operation"]
    assert F.SH_ECONOMIC["30108"] == F.SH_BASIC["2080505"] and F.SH_ECONOMIC["30113"] == F.SH_BASIC["2210201"]


def test_performance_pages(sample):
    budget, final = sample[BUDGET], sample[FINAL]
    targets = [p for p in budget if "项目支出绩效目标表" in p.text]
    assert len(targets) == 3 and budget.index(targets[0]) == len(budget) - 3  # the last pages
    lines = {(u, n): a for u, n, _c, a in F.PROJECTS}
    for page, pt in zip(targets, F.PERFORMANCE_TARGETS, strict=False):
        assert f"项目名称 {pt['name']}" in page.text and f"实施单位 {pt['unit']}" in page.text
        assert pt["annual_yuan"] / 10000 == lines[(pt["unit"], pt["name"])]  # 元 against the 项目支出表's 万元
        assert f"年度资金总额 {pt['annual_yuan']:,.2f}" in page.text
    evals = [p for p in final if "项目支出绩效自评表" in p.text]
    assert len(evals) == 2 and evals[0].width > evals[0].height and evals[1].width < evals[1].height
    for page, ev in zip(evals, F.SELF_EVALUATIONS, strict=False):
        s = F.self_evaluation(ev)
        assert sum(i[6] for i in ev["indicators"]) + F.EXECUTION_WEIGHT == 100
        assert s["total"] == sum(i[7] for i in ev["indicators"]) + s["rate_score"]
        assert f"年度资金总额 {ev['initial']} {ev['budget']} {ev['executed']} 10 {s['rate']}% {s['rate_score']}" in page.text
        assert page.text.splitlines()[-1] == f"总分 100 {s['total']} {s['grade']}"
    assert [F.self_evaluation(ev)["grade"] for ev in F.SELF_EVALUATIONS] == ["优", "良"]
