"""Generate the bundled sample: disclosure PDFs drawn with reportlab from ``sample.figures``.

    python -m sample.generate [OUT_DIR]        (default OUT_DIR: sample_data/, git-ignored)

Each document carries some of the quirks of real ones (DOMAIN.md, "How the documents look inside a PDF"):
- budget (示范市司法局, 万元): ruled tables, a slanted light-grey watermark on every page, fake-bold titles
  (drawn twice 0.3pt apart), a running header, "-n-" footers, a landscape page, a table continuing on the
  next page without its header, wrapped cells ("二十三、灾害防治及应急管 / 理支出"), an empty table.
- final account (same department, 万元): unruled tables (三公 is ruled) with 行次/栏次, thousands
  separators, fake-bold titles, a landscape 三公 table with 预算数/决算数 groups.
- performance pages: the budget ends with 项目支出绩效目标表 (ruled, 项目资金 in 元, 实施期目标 and 年度目标 side by side,
  merged 一级/二级指标 cells printed once, wrapped names and goals), the final account with 项目支出绩效自评表
  (万元, 执行率 and its score, indicators' 分值/得分, 总分 and grade; figures add up), one landscape and one
  portrait (narrow columns: label, level-2, name, value and reason cells wrap).
- unit budget (Shanghai style, 元): landscape pages, 类/款/项 code columns ("204 06 01"), separators and
  0.00 for zero, a table continuing with its header repeated, a 三公 table in 万元.
Output is byte-for-byte deterministic (reportlab invariant mode).
"""

from __future__ import annotations

import re
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from sample import figures as F

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
PORTRAIT, LANDSCAPE = (595.0, 842.0), (842.0, 595.0)
MARGIN, BOTTOM, PAD = 40.0, 50.0, 3.0
WATERMARK, WATERMARK_GREY = "仅供内部审核", 0.85
NUMERIC = re.compile(r"-?[\d,]*\.\d+")  # amounts (right-aligned); codes are left-aligned
TOKEN = re.compile(r"[0-9A-Za-z.,%\-]+|.")  # wrap text between these, never inside a number
CLOSING, OPENING = set("）)，,。、；：”%"), set("（(“")  # never start / end a line with these
Y = F.YEAR


def money(v, sep=False, zero=""):
    if not v:
        return zero
    return f"{Decimal(v).quantize(Decimal('0.01'), ROUND_HALF_UP):{',' if sep else ''}.2f}"


def pct(part, whole) -> str:
    return money(Decimal(100) * part / whole) or "0"


def cn(n: int) -> str:
    """Chinese numeral for 1..99 (一, 十一, 二十三)."""
    d = "零一二三四五六七八九"
    tens, units = divmod(n, 10)
    return d[n] if n < 10 else ("" if tens == 1 else d[tens]) + "十" + (d[units] if units else "")


def wrap(text: str, width: float, size: float) -> list[str]:
    lines, cur = [], ""
    for tok in TOKEN.findall(text):
        breakable = tok not in CLOSING and cur[-1:] not in OPENING
        if cur and breakable and pdfmetrics.stringWidth(cur + tok, FONT, size) > width:
            lines.append(cur)
            cur = tok
        else:
            cur += tok
    return lines + [cur]


class Writer:
    """A page cursor over a reportlab canvas: lines, paragraphs and (ruled or unruled) tables."""

    def __init__(self, path, *, title, landscape=False, watermark=False, running_header="",
                 page_numbers=False, fake_bold=False, ruled=True):
        self.c = Canvas(str(path), pagesize=PORTRAIT, invariant=1)
        self.c.setTitle(title)
        self.landscape, self.watermark, self.running_header = landscape, watermark, running_header
        self.page_numbers, self.fake_bold, self.ruled, self.page = page_numbers, fake_bold, ruled, 0

    def new_page(self, landscape=None):
        if self.page:
            self._finish_page()
            self.c.showPage()
        self.size = LANDSCAPE if (self.landscape if landscape is None else landscape) else PORTRAIT
        self.c.setPageSize(self.size)
        self.c.setLineWidth(0.5)
        self.page += 1
        self.y = self.size[1] - 50
        if self.watermark:
            self._watermark()
        if self.running_header and self.page > 1:
            self.put(self.running_header, self.size[0] / 2, self.size[1] - 32, 9, align="center")
            self.y = self.size[1] - 58

    def _finish_page(self):
        w = self.size[0]
        if self.page_numbers and self.page > 1:
            self.put(f"-{self.page - 1}-", w / 2, 28, 10, align="center")

    def _watermark(self):
        # painted first, under the page's content, as portals stamp pages: the text layer still
        # holds its glyphs (the readers drop them), and a print or scan of the page shows every
        # figure (painted last and opaque it hid digits from a reader's eyes and from OCR)
        (w, h), c = self.size, self.c
        for fx, fy in ((0.3, 0.22), (0.68, 0.5), (0.3, 0.78)):
            c.saveState()
            c.setFillGray(WATERMARK_GREY)
            c.translate(w * fx, h * fy)
            c.rotate(30)
            c.setFont(FONT, 34)
            c.drawCentredString(0, 0, WATERMARK)
            c.restoreState()

    def save(self):
        self._finish_page()
        self.c.save()

    def put(self, s, x, y, size, bold=False, align="left"):
        x -= {"left": 0, "center": 0.5, "right": 1}[align] * pdfmetrics.stringWidth(s, FONT, size)
        if len(s) == 1 and ord(s) > 127:
            s += " "  # pdfium drops a lone CJK glyph of this (non-embedded) CID font: a wrap's "率", a grade "优"
        self.c.setFont(FONT, size)
        self.c.drawString(x, y, s)
        if bold and self.fake_bold:
            self.c.drawString(x + 0.3, y, s)

    def room(self, h):
        if self.y - h < BOTTOM:
            self.new_page(self.size == LANDSCAPE)

    def line(self, s, size=10.5, bold=False, align="left", gap=8, right=""):
        self.room(size + gap)
        self.y -= size
        x = {"left": MARGIN, "center": self.size[0] / 2, "right": self.size[0] - MARGIN}[align]
        self.put(s, x, self.y, size, bold, align)
        if right:
            self.put(right, self.size[0] - MARGIN, self.y, size, align="right")
        self.y -= gap

    def para(self, s, size=10.5):
        for i, ln in enumerate(wrap(s, self.size[0] - 2 * MARGIN - 2 * size, size)):
            self.room(size * 1.6)
            self.y -= size * 1.6
            self.put(ln, MARGIN + (2 * size if i == 0 else 0), self.y, size)
        self.y -= 4

    def table(self, title, header, rows, widths, *, who=None, unit="万元", label="", note="", size=9.0,
              repeat_header=True, ruled=None):
        """Header rows hold str or (str, colspan); data rows hold str. Widths are relative."""
        ruled = self.ruled if ruled is None else ruled
        self.room(150)
        if label:
            self.line(label, size=9, gap=4)
        self.line(title, size=15, bold=True, align="center", gap=10)
        self.line(who or f"部门名称：{F.DEPARTMENT}", size=9.5, gap=6, right=f"单位：{unit}")
        scale = (self.size[0] - 2 * MARGIN) / sum(widths)
        xs = [MARGIN]
        for w in widths:
            xs.append(xs[-1] + w * scale)
        head = [self._layout(r, xs, size, True) for r in header]
        for h in head:
            self._draw(h, size, ruled)
        for r in rows:
            laid = self._layout(r, xs, size, False)
            if self.y - laid[0] < BOTTOM:
                self.new_page(self.size == LANDSCAPE)
                for h in head if repeat_header else ():
                    self._draw(h, size, ruled)
            self._draw(laid, size, ruled)
        self.y -= 6
        if note:
            self.line(note, size=9)

    def _layout(self, row, xs, size, is_header):
        boxes, col = [], 0
        for cell in row:
            text, span = cell if isinstance(cell, tuple) else (cell, 1)
            x0, x1 = xs[col], xs[col + span]
            col += span
            align = "center" if is_header else "right" if NUMERIC.fullmatch(text) else "left"
            boxes.append((x0, x1, wrap(text, x1 - x0 - 2 * PAD, size), align))
        return max(len(b[2]) for b in boxes) * size * 1.3 + 2 * PAD, boxes

    def _draw(self, laid, size, ruled):
        h, boxes = laid
        for x0, x1, lines, align in boxes:
            if ruled:
                self.c.rect(x0, self.y - h, x1 - x0, h, stroke=1, fill=0)
            y = self.y - (h - len(lines) * size * 1.3) / 2 - size * 1.05
            x = {"left": x0 + PAD, "center": (x0 + x1) / 2, "right": x1 - PAD}[align]
            for ln in lines:
                self.put(ln, x, y, size, align=align)
                y -= size * 1.3
        self.y -= h


def cover(w, name, subtitle, bold=True):
    w.new_page()
    w.y = w.size[1] * 0.66
    w.line(name, 26, bold, "center", 26)
    w.line(subtitle, 20, bold, "center")


def grid(w, rows, widths, size=9.0, header_rows=()):
    """A ruled grid without title or unit line (performance tables): rows of str or (str, colspan);
    rows whose index is in ``header_rows`` are centred."""
    scale = (w.size[0] - 2 * MARGIN) / sum(widths)
    xs = [MARGIN]
    for wd in widths:
        xs.append(xs[-1] + wd * scale)
    for k, r in enumerate(rows):
        laid = w._layout(r, xs, size, k in header_rows)
        if w.y - laid[0] < BOTTOM:
            w.new_page()
        w._draw(laid, size, True)
    w.y -= 6


def grouped(indicators):
    """一级/二级指标 printed once per group (merged cells), blank below."""
    prev1 = prev2 = None
    for l1, l2, *rest in indicators:
        yield (l1 if l1 != prev1 else "", l2 if (l1, l2) != (prev1, prev2) else "", *rest)
        prev1, prev2 = l1, l2


def performance_targets(w):
    """项目支出绩效目标表, one page per project of ``F.PERFORMANCE_TARGETS`` (项目资金 in 元)."""
    def yuan(v):
        return money(v, sep=True, zero="0.00")

    for pt in F.PERFORMANCE_TARGETS:
        w.new_page()
        w.line(f"{F.DEPARTMENT}项目支出绩效目标表", 15, True, "center", 6)
        w.line(f"（{Y}年度）", 10.5, align="center", gap=8)
        rows = [["项目名称", (pt["name"], 5)],
                ["主管部门及代码", (f"{F.DEPARTMENT_CODE}-{F.DEPARTMENT}", 2), "实施单位", (pt["unit"], 2)],
                ["项目属性", (pt["attribute"], 2), "项目期", (pt["period"], 2)],
                ["项目资金（元）", "实施期资金总额", yuan(pt["total_yuan"]), "年度资金总额", (yuan(pt["annual_yuan"]), 2)],
                ["", "其中：财政拨款", yuan(pt["total_yuan"]), "其中：财政拨款", (yuan(pt["annual_yuan"]), 2)],
                ["", "其他资金", "", "其他资金", ("", 2)],
                ["总体目标", ("实施期目标", 3), ("年度目标", 2)],
                ["", (pt["goal_total"], 3), (pt["goal_annual"], 2)],
                ["一级指标", "二级指标", ("实施期目标", 2), ("年度目标", 2)],
                ["", "", "三级指标", "指标值", "三级指标", "指标值"]]
        rows += [[l1, l2, name, v1, name, v2] for l1, l2, name, v1, v2 in grouped(pt["indicators"])]
        grid(w, rows, [70, 72, 120, 62, 120, 62], header_rows=(6, 8, 9))


def self_evaluations(w):
    """项目支出绩效自评表, one page per project of ``F.SELF_EVALUATIONS`` (万元)."""
    def m(v):
        return money(v, zero="0.00")

    for k, ev in enumerate(F.SELF_EVALUATIONS):
        s = F.self_evaluation(ev)
        landscape = k == 0  # the second one portrait: narrow columns, wrapped cells
        w.new_page(landscape=landscape)
        w.line("项目支出绩效自评表", 15, True, "center", 6)
        w.line(f"（{Y}年度）", 10.5, align="center", gap=8)
        rows = [["项目名称", (ev["name"], 8)],
                ["主管部门及代码", (f"{F.DEPARTMENT_CODE}-{F.DEPARTMENT}", 3), ("实施单位", 2), (ev["unit"], 3)],
                ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", ("得分", 2)],
                ["", "年度资金总额", m(ev["initial"]), m(ev["budget"]), m(ev["executed"]), str(F.EXECUTION_WEIGHT),
                 f"{s['rate']}%", (str(s["rate_score"]), 2)],
                ["", "其中：当年财政拨款", m(ev["initial"]), m(ev["budget"]), m(ev["executed"]), "—", "—", ("—", 2)],
                ["年度总体目标", ("预期目标", 4), ("实际完成情况", 4)],
                ["", (ev["goal"], 4), (ev["result"], 4)],
                ["一级指标", "二级指标", "三级指标", "年初指标值", "调整后指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]]
        rows += [[l1, l2, name, a, b, c, str(wt), str(sc), why]
                 for l1, l2, name, a, b, c, wt, sc, why in grouped(ev["indicators"])]
        rows.append(["总分", ("", 5), "100", str(s["total"]), s["grade"]])
        widths = [70, 82, 120, 66, 70, 66, 36, 40, 110] if landscape else [52, 62, 92, 56, 56, 56, 30, 34, 77]
        grid(w, rows, widths, size=9 if landscape else 8.5, header_rows=(2, 5, 7))


def summary_rows(incomes, cols, lines):
    """Two-sided summary lines: income (label, amount) beside 类 line k ("{k}、name", *cols(code))."""
    blank = [""] * (1 + len(cols(lines[0])))
    return [[*(incomes[k] if k < len(incomes) else ("", "")),
             *([f"{cn(k + 1)}、{F.CLASS_NAMES[lines[k]]}", *cols(lines[k])] if k < len(lines) else blank)]
            for k in range(max(len(incomes), len(lines)))]


def function_table_rows(fr, m, split=False):
    return [[*([c[:3], c[3:5], c[5:7]] if split else [c]), n, m(t), m(b), m(p)] for c, n, t, b, p in fr]


THREE_PUBLIC_ROWS = (("因公出国（境）费", "abroad"), ("公务接待费", "reception"), ("公务用车购置及运行费", "vehicle"),
                     ("①公务用车购置费", "vehicle_purchase"), ("②公务用车运行维护费", "vehicle_operation"), ("合计", "total"))
SOURCES = ["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]


def department_budget(path):
    by_code = F.project_by_subject()
    fr = F.function_rows(F.BUDGET_BASIC, by_code)
    total, basic, project = F.totals(F.BUDGET_BASIC, by_code)
    classes = F.class_totals(F.BUDGET_BASIC, by_code)
    etotal, personnel, public = F.economic_totals(F.ECONOMIC)
    tp, running = F.three_public(F.THREE_PUBLIC_BUDGET), sum(F.OPERATING_COST.values())
    m, ms = money, (lambda v: money(v, True, "0"))
    w = Writer(path, title=f"{F.DEPARTMENT}{Y}年度部门预算公开", watermark=True, page_numbers=True,
               running_header=f"{F.DEPARTMENT}{Y}年部门预算公开", fake_bold=True)
    cover(w, F.DEPARTMENT, f"{Y}年度部门预算公开")
    w.new_page()
    w.line("第一部分 概况", 16, True, "center", 14)
    w.line("一、本部门职责", 12, True)
    w.para("承担全面依法治市重大问题的政策研究；指导、管理社区矫正工作；负责本市司法行政戒毒场所管理工作；"
           "指导、监督全市律师、法律援助、公证、司法鉴定和基层法律服务管理工作；完成市委、市政府交办的其他任务。")
    w.line("二、机构设置情况", 12, True)
    w.para(f"{F.DEPARTMENT}所属预算单位{len(F.UNITS)}个：" + "、".join(F.UNITS) + "。")

    w.new_page()
    w.line(f"第二部分 {Y}年部门预算报表", 16, True, "center", 12)
    incomes = [("一、一般公共预算", m(total)), ("二、政府性基金预算", ""), ("三、国有资本经营预算", ""),
               ("四、财政专户管理资金", ""), ("五、单位资金", "")]
    rows = summary_rows(incomes, lambda c: [m(classes.get(c)), m(classes.get(c)), ""], F.BUDGET_CLASSES)
    rows += [["本年收入合计", m(total), "本年支出合计", m(total), m(total), ""],
             ["上年结转", "", "年终结转", "", "", ""], ["收入总计", m(total), "支出总计", m(total), m(total), ""]]
    w.table(f"{Y}年预算收支总表",
            [[("收入", 2), ("支出", 4)], ["项目", f"{Y}年", "项目", f"{Y}年合计", "当年预算安排", "上年结转安排"]],
            rows, [112, 62, 128, 71, 71, 71], label="预算公开表1", size=10, repeat_header=False,
            note="注：本套报表因取数时四舍五入，部分金额可能存在尾差")

    w.new_page(landscape=True)
    w.table(f"{Y}年预算收入总表",
            [[("项目", 2), ("本年收入", 6), "上年结转"],
             ["科目编码", "科目名称", "合计", "一般公共预算", "政府性基金", "国有资本经营预算", "财政专户管理资金", "单位资金", ""]],
            [["合计", "", m(total), m(total)] + [""] * 5] + [[c, n, m(t), m(t)] + [""] * 5 for c, n, t, *_x in fr],
            [60, 170] + [76] * 7, label="预算公开表2", size=8.5)

    def expenditure_table(number, title):
        w.new_page(landscape=False)
        w.table(title, [[("项目", 2), (f"{Y}年预算数", 3)], ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]],
                [["合计", "", m(total), m(basic), m(project)]] + function_table_rows(fr, m),
                [70, 205, 80, 80, 80], label=f"预算公开表{number}")

    expenditure_table(3, f"{Y}年预算支出总表")
    w.new_page()
    incomes = [("一、一般公共预算", m(total)), ("二、政府性基金预算", ""), ("三、国有资本经营预算", "")]
    rows = summary_rows(incomes, lambda c: [m(classes[c]), m(classes[c]), "", ""], list(classes))
    rows += [["本年收入合计", m(total), "本年支出合计", m(total), m(total), "", ""],
             ["上年财政拨款结转", "", "年终结转", "", "", "", ""],
             ["收入总计", m(total), "支出总计", m(total), m(total), "", ""]]
    w.table(f"{Y}年财政拨款收支总表", [[("收入", 2), ("支出", 5)], ["项目", "金额", "项目", "小计", *SOURCES[1:]]],
            rows, [100, 55, 120, 55, 65, 60, 60], label="预算公开表4")
    expenditure_table(5, f"{Y}年一般公共预算支出预算表（不含上年结转）")

    w.new_page()
    w.table(f"{Y}年一般公共预算基本支出经济分类表（不含上年结转）",
            [[("部门预算支出经济分类", 2), "政府预算支出经济分类", (f"{Y}年预算数", 3)],
             ["科目编码", "科目名称", "科目名称", "合计", "人员经费", "公用经费"]],
            [["合计", "", "", m(etotal), m(personnel), m(public)]]
            + [[c, n, g, m(t), m(pe), m(pu)] for c, n, g, t, pe, pu in F.economic_rows(F.ECONOMIC)],
            [50, 150, 100, 72, 72, 71], label="预算公开表6")

    w.new_page()
    w.table(f"{Y}年政府性基金预算支出表（不含上年结转）", [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]],
            [["合计", "", "", "", ""]], [70, 205, 80, 80, 80], label="预算公开表7", note="注：本表无数据")
    w.y -= 10
    w.table(f"{Y}年财政拨款安排“三公”经费支出预算表", [["项目", (f"{Y}年预算数", 4)], ["", *SOURCES]],
            [[label, m(tp[k]), m(tp[k]), "", ""] for label, k in THREE_PUBLIC_ROWS],
            [155, 90, 90, 90, 90], label="预算公开表8")
    w.y -= 10
    w.table(f"{Y}年财政拨款安排机关运行经费预算表", [["单位名称", (f"{Y}年预算数", 4)], ["", *SOURCES]],
            [["部门合计", m(running), m(running), "", ""]] + [[u, m(v), m(v), "", ""] for u, v in F.OPERATING_COST.items()],
            [155, 90, 90, 90, 90], label="预算公开表9")

    w.new_page()
    rows, codes = [["", F.DEPARTMENT, m(project), m(project), "", "", "", ""]], F.project_codes()
    for unit in F.UNITS:
        mine = [(codes[k], n, a) for k, (u, n, _c, a) in enumerate(F.PROJECTS) if u == unit]
        subtotal = sum(a for *_x, a in mine)
        rows.append(["", unit, m(subtotal), m(subtotal), "", "", "", ""])
        rows += [[code, n, m(a), m(a), "", "", "", ""] for code, n, a in mine]
    w.table(f"{Y}年项目支出预算表（本年预算）",
            [["项目编码", "项目名称", "合计", (f"{Y}年财政拨款", 3), "财政专户管理资金", "单位资金"],
             ["", "", "", *SOURCES[1:], "", ""], [str(i) for i in range(1, 9)]],
            rows, [78, 157, 45, 47, 47, 47, 47, 47], label="预算公开表10")

    w.new_page()
    w.line(f"第三部分 {Y}年度部门预算情况说明", 16, True, "center", 14)
    unit = f"{Y}年度{F.DEPARTMENT}"
    text = {
        "一、部门预算收支数据变动情况": f"{unit}预算收入总计{ms(total)}万元，其中：本年收入{ms(total)}万元，上年结转0万元；"
        f"本年部门预算支出总计{ms(total)}万元，其中：本年预算安排{ms(total)}万元，上年结转0万元。",
        "二、收入预算情况说明": f"{unit}预算收入{ms(total)}万元，主要包括一般公共预算拨款收入{ms(total)}万元，占100.00%；"
        "政府性基金预算拨款收入0万元，占0%；上年结转0万元，占0%。",
        "三、支出预算情况说明": f"{unit}支出预算{m(total)}万元，其中：基本支出{m(basic)}万元，占{pct(basic, total)}%；"
        f"项目支出{m(project)}万元，占{pct(project, total)}%。",
        "四、财政拨款收支预算总体情况说明": f"{unit}财政拨款收支总预算{ms(total)}万元。支出包括："
        + "、".join(f"{F.CLASS_NAMES[c]}{ms(v)}万元" for c, v in classes.items()) + "。",
        "五、一般公共预算基本支出情况说明": f"{unit}一般公共预算安排基本支出{ms(etotal)}万元，其中："
        f"人员经费{ms(personnel)}万元，公用经费{ms(public)}万元。",
        "六、“三公”经费预算情况说明": f"{Y}年{F.DEPARTMENT}财政拨款安排的“三公”经费预算{ms(tp['total'])}万元。其中："
        f"因公出国（境）费{ms(tp['abroad'])}万元；公务接待费{ms(tp['reception'])}万元；公务用车购置及运行费"
        f"{ms(tp['vehicle'])}万元（其中：公务用车购置费{ms(tp['vehicle_purchase'])}万元，公务用车运行维护费"
        f"{ms(tp['vehicle_operation'])}万元）。",
        "七、机关运行经费情况说明": f"本部门{Y}年所属{len(F.UNITS)}家单位机关运行经费财政拨款预算{ms(running)}万元。",
    }
    for heading, body in text.items():
        w.line(heading, 12, True, gap=4)
        w.para(body)
    performance_targets(w)
    w.save()


def department_final_account(path):
    fa, ms = F.final_account(), (lambda v: money(v, sep=True))
    fr = F.function_rows(F.FINAL_BASIC, F.FINAL_PROJECT)
    total, basic, project = F.totals(F.FINAL_BASIC, F.FINAL_PROJECT)
    classes = F.class_totals(F.FINAL_BASIC, F.FINAL_PROJECT)
    tb, tf = F.three_public(F.THREE_PUBLIC_BUDGET), F.three_public(F.THREE_PUBLIC_FINAL)
    w = Writer(path, title=f"{F.DEPARTMENT}{Y}年度部门决算公开", fake_bold=True, ruled=False)
    who = f"部门名称：{F.DEPARTMENT}　　{Y}年度"
    cover(w, F.DEPARTMENT, f"{Y}年度部门决算公开")
    w.new_page()
    w.line(f"第二部分 {Y}年度部门决算表", 16, True, "center", 12)
    n = len(F.FINAL_CLASSES)
    names = ["一、一般公共预算财政拨款收入", "二、政府性基金预算财政拨款收入", "三、国有资本经营预算财政拨款收入",
             "四、上级补助收入", "五、事业收入", "六、经营收入", "七、附属单位上缴收入", "八、其他收入"]
    incomes = [(name, ms(fa["income"]) if k == 0 else "") for k, name in enumerate(names)]
    rows = summary_rows(incomes, lambda c: [ms(classes.get(c))], F.FINAL_CLASSES)
    rows = [[r[0], str(k + 1), r[1], r[2], str(n + 5 + k), r[3]] for k, r in enumerate(rows)]  # with 行次
    closing = [("本年收入合计", fa["income"], "本年支出合计", fa["expenditure"]),
               ("使用非财政拨款结余（含专用结余）", 0, "结余分配", 0),
               ("年初结转和结余", fa["year_start"], "年末结转和结余", fa["year_end"]),
               ("总计", fa["grand_total"], "总计", fa["expenditure"] + fa["year_end"])]
    rows += [[a, str(n + 1 + k), ms(x), b, str(2 * n + 5 + k), ms(y)] for k, (a, x, b, y) in enumerate(closing)]
    w.table("收入支出决算总表", [[("收入", 3), ("支出", 3)], ["项目", "行次", "金额"] * 2, ["栏次", "", "1", "栏次", "", "2"]],
            rows, [150, 30, 70, 150, 35, 80], who=who, label="公开01表", size=8.5)
    w.new_page()
    income = F.function_rows(F.final_income_by_subject(), {})
    w.table("收入决算表",
            [[("项目", 2), "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "其他收入"],
             ["科目代码", "科目名称"] + [""] * 6, ["栏次", "", "1", "2", "3", "4", "5", "6"]],
            [["合计", "", ms(fa["income"]), ms(fa["income"]), "", "", "", ""]]
            + [[c, n, ms(t), ms(t), "", "", "", ""] for c, n, t, _b, _p in income],
            [55, 150, 60, 60, 50, 50, 50, 50], who=who, label="公开02表")
    w.new_page()
    w.table("支出决算表",
            [[("项目", 2), "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
             ["科目代码", "科目名称"] + [""] * 6, ["栏次", "", "1", "2", "3", "4", "5", "6"]],
            [["合计", "", ms(total), ms(basic), ms(project), "", "", ""]]
            + [r + ["", "", ""] for r in function_table_rows(fr, ms)],
            [55, 150, 55, 50, 50, 50, 50, 55], who=who, label="公开03表")
    w.new_page()
    lines = [(f"{cn(k + 1)}、{F.CLASS_NAMES[c]}", classes[c]) for k, c in enumerate(classes)]
    incomes = [("一、一般公共预算财政拨款", fa["income"]), ("二、政府性基金预算财政拨款", None),
               ("三、国有资本经营预算财政拨款", None)]
    rows = [[*(incomes[k] if k < len(incomes) else ("", None)), *(lines[k] if k < len(lines) else ("", None))]
            for k in range(max(len(incomes), len(lines)))]
    rows = [[a, ms(x) if x is not None else "", b, ms(y) if y is not None else "",
             ms(y) if y is not None else ""] for a, x, b, y in rows]
    rows += [["本年收入合计", ms(fa["income"]), "本年支出合计", ms(fa["expenditure"]), ms(fa["expenditure"])],
             ["年初财政拨款结转和结余", ms(fa["year_start"]), "年末财政拨款结转和结余", ms(fa["year_end"]),
              ms(fa["year_end"])],
             ["总计", ms(fa["grand_total"]), "总计", ms(fa["expenditure"] + fa["year_end"]),
              ms(fa["expenditure"] + fa["year_end"])]]
    w.table("财政拨款收入支出决算总表",
            [[("收入", 2), ("支出", 3)], ["项目", "金额", "项目", "合计", "一般公共预算财政拨款"]],
            rows, [150, 70, 150, 70, 90], who=who, label="公开04表", size=8.5)
    w.new_page()
    w.table("一般公共预算财政拨款支出决算表",
            [[("项目", 2), ("本年支出", 3)], ["科目代码", "科目名称", "小计", "基本支出", "项目支出"], ["栏次", "", "1", "2", "3"]],
            [["合计", "", ms(total), ms(basic), ms(project)]] + function_table_rows(fr, ms),
            [70, 205, 80, 80, 80], who=who, label="公开05表")
    w.new_page()
    econ = F.final_economic_items()
    etotal, personnel, public = F.economic_totals(econ)
    w.table("一般公共预算财政拨款基本支出决算表",
            [["科目代码", "科目名称", "决算数", "人员经费", "公用经费"]],
            [["合计", "", ms(etotal), ms(personnel), ms(public)]]
            + [[c, n, ms(t), ms(pe), ms(pu)] for c, n, _g, t, pe, pu in F.economic_rows(econ)],
            [60, 200, 75, 75, 75], who=who, label="公开06表")
    w.new_page(landscape=True)
    group = ["合计", "因公出国（境）费", ("公务用车购置及运行维护费", 3), "公务接待费"]
    sub = ["", "", "小计", "公务用车购置费", "公务用车运行维护费", ""]
    keys = ("total", "abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception")
    w.table("财政拨款“三公”经费支出决算表",
            [[("预算数", 6), ("决算数", 6)], group * 2, sub * 2, [str(i) for i in range(1, 13)]],
            [[ms(tb[k]) for k in keys] + [ms(tf[k]) for k in keys]], [1] * 12, who=who, label="公开09表", ruled=True,
            note="注：预算数为“三公”经费全年预算数；决算数是包括当年财政拨款和以前年度结转资金安排的实际支出。")
    w.new_page(landscape=False)
    w.line("第三部分 情况说明", 16, True, "center", 14)
    w.line("一、收入支出决算总体情况说明", 12, True, gap=4)
    w.para(f"{Y}年度{F.DEPARTMENT}收入总计{ms(fa['grand_total'])}万元，支出总计{ms(fa['grand_total'])}万元。"
           f"本年收入{ms(fa['income'])}万元，本年支出{ms(total)}万元，其中：基本支出{ms(basic)}万元，"
           f"占{pct(basic, total)}%；项目支出{ms(project)}万元，占{pct(project, total)}%；"
           f"年末结转和结余{ms(fa['year_end'])}万元。")
    w.line("二、财政拨款“三公”经费支出决算情况说明", 12, True, gap=4)
    below = "小于" if tf["total"] < tb["total"] else "大于" if tf["total"] > tb["total"] else "等于"
    w.para(f"{Y}年度“三公”经费财政拨款年初预算为{ms(tb['total'])}万元，支出决算为{ms(tf['total'])}万元，"
           f"完成年初预算的{pct(tf['total'], tb['total'])}%，决算数{below}预算数，主要原因是厉行节约，压减公务接待。"
           f"其中：公务接待费{ms(tf['reception'])}万元，公务用车运行维护费{ms(tf['vehicle_operation'])}万元。")
    self_evaluations(w)
    w.save()


def coded_header(group, cols):  # 类/款/项 code columns under 功能分类科目编码, then the amount columns
    return [[("项目", 4), (group, len(cols))], [("功能分类科目编码", 3), "功能分类科目名称", *cols],
            ["类", "款", "项"] + [""] * (1 + len(cols))]


def unit_summary_table(w, year, fr, totals, classes, ms, who):
    """A unit budget's 财务收支预算总表 (元): income beside the expenditure of each 类."""
    total, basic, project = totals
    incomes = [("一、财政拨款收入", ms(total)), ("1、一般公共预算", ms(total)), ("2、政府性基金预算", "0.00"),
               ("3、国有资本经营预算", "0.00"), ("二、事业收入", "0.00"), ("三、事业单位经营收入", "0.00"),
               ("四、其他收入", "0.00")]
    by_code = {c: (t, b, p) for c, _n, t, b, p in fr}
    rows = summary_rows(incomes, lambda c: [ms(v) for v in by_code[c]], list(classes))
    rows.append(["收入总计", ms(total), "支出总计", ms(total), ms(basic), ms(project)])
    w.table(f"{year}年预算单位财务收支预算总表",
            [[("本年收入", 2), ("本年支出", 4)], ["项目", "预算数", "项目", "合计", "基本支出", "项目支出"]],
            rows, [150, 110, 202, 100, 100, 100], who=who, unit="元")


def unit_function_table(w, title, group, fr, totals, ms, who):
    """A unit budget's expenditure by function subject (元), codes split into 类/款/项 columns."""
    total, basic, project = totals
    w.table(title, coded_header(group, ["合计", "基本支出", "项目支出"]),
            function_table_rows(fr, ms, split=True) + [["合计", "", "", "", ms(total), ms(basic), ms(project)]],
            [40, 40, 40, 282, 120, 120, 120], who=who, unit="元", size=10)


def unit_budget(path):
    fr = F.function_rows(F.SH_BASIC, F.SH_PROJECT)
    total, basic, project = F.totals(F.SH_BASIC, F.SH_PROJECT)
    classes = F.class_totals(F.SH_BASIC, F.SH_PROJECT)
    items = F.sh_economic_items()
    etotal, personnel, public = F.economic_totals(items)
    tp = F.three_public(F.SH_THREE_PUBLIC)
    ms, m0, wan = (lambda v: money(v, True, "0.00")), (lambda v: money(v, zero="0.00")), (lambda v: money(v / 10000))
    w = Writer(path, title=f"{F.SH_UNIT}{Y}年单位预算", landscape=True)
    who = f"编制单位：{F.SH_UNIT}"
    cover(w, f"示范市示范区{Y}年区级单位预算", f"预算单位：{F.SH_UNIT}", bold=False)
    w.new_page()
    w.line(f"{Y}年单位预算编制说明", 16, False, "center", 12)
    w.para(f"{Y}年，{F.SH_UNIT}收入预算{wan(total)}万元，其中：财政拨款收入{wan(total)}万元；事业收入0万元；"
           f"事业单位经营收入0万元；其他收入0万元。支出预算{wan(total)}万元，其中：基本支出{wan(basic)}万元，"
           f"项目支出{wan(project)}万元。")

    w.new_page()
    unit_summary_table(w, Y, fr, (total, basic, project), classes, ms, who)
    w.new_page()
    lines = [(f"{cn(k + 1)}、{F.CLASS_NAMES[c]}", classes[c]) for k, c in enumerate(classes)]
    incomes = [("一、一般公共预算", total), ("二、政府性基金预算", None), ("三、国有资本经营预算", None)]
    rows = [[*(incomes[k] if k < len(incomes) else ("", None)), *(lines[k] if k < len(lines) else ("", None))]
            for k in range(max(len(incomes), len(lines)))]
    rows = [[a, ms(x) if x is not None else "", b, ms(y) if y is not None else "", ms(y) if y is not None else "",
             "", ""] for a, x, b, y in rows]
    rows += [["本年收入合计", ms(total), "本年支出合计", ms(total), ms(total), "", ""],
             ["收入总计", ms(total), "支出总计", ms(total), ms(total), "", ""]]
    w.table(f"{Y}年预算单位财政拨款收支预算总表",
            [[("财政拨款收入", 2), ("财政拨款支出", 5)],
             ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]],
            rows, [150, 90, 180, 90, 90, 80, 80], who=who, unit="元", size=10)
    w.new_page()
    w.table(f"{Y}年预算单位收入预算总表",
            coded_header("收入预算", ["合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"]),
            [[c[:3], c[3:5], c[5:7], n, ms(t), ms(t), "0.00", "0.00", "0.00"] for c, n, t, *_x in fr]
            + [["合计", "", "", "", ms(total), ms(total), "0.00", "0.00", "0.00"]],
            [40, 40, 40, 222, 84, 84, 84, 84, 84], who=who, unit="元", size=10, repeat_header=False)
    for title, group in (("预算单位支出预算总表", "支出预算"), ("预算单位一般公共预算支出功能分类预算表", "一般公共预算支出")):
        w.new_page()
        unit_function_table(w, f"{Y}年{title}", group, fr, (total, basic, project), ms, who)
    w.new_page()
    w.table(f"{Y}年预算单位政府性基金预算支出功能分类预算表",
            coded_header("政府性基金预算支出", ["合计", "基本支出", "项目支出"]),
            [["无"] + [""] * 6, ["合计"] + [""] * 6], [40, 40, 40, 282, 120, 120, 120],
            who=who, unit="元", note=f"注：本单位{Y}年无政府性基金预算财政拨款安排的预算，故本表为空表。")
    w.new_page()
    w.table(f"{Y}年预算单位一般公共预算基本支出部门预算经济分类预算表",
            [[("项目", 3), ("一般公共预算基本支出", 3)],
             [("经济分类科目编码", 2), "部门经济分类科目名称", "合计", "人员经费", "公用经费"], ["类", "款", "", "", "", ""]],
            [[c[:3], c[3:], n, ms(t), ms(pe), ms(pu)] for c, n, _g, t, pe, pu in F.economic_rows(items)]
            + [["合计", "", "", ms(etotal), ms(personnel), ms(public)]],
            [50, 50, 302, 120, 120, 120], who=who, unit="元", size=10)
    w.new_page()
    keys = ("total", "abroad", "reception", "vehicle", "vehicle_purchase", "vehicle_operation")
    w.table(f"{Y}年单位“三公”经费和机关运行经费预算表",
            [[("“三公”经费预算数", 6), "机关运行经费预算数"],
             ["合计", "因公出国（境）费", "公务接待费", ("公务用车购置及运行费", 3), ""],
             ["", "", "", "小计", "购置费", "运行费", ""]],
            [[m0(tp[k]) for k in keys] + [m0(public / 10000)]], [1] * 7, who=who, unit="万元")
    w.y -= 20
    w.line("其他相关情况说明", 16, False, "center", 12)
    w.para(f"一、{Y}年“三公”经费预算数为{m0(tp['total'])}万元。其中：因公出国（境）费{money(tp['abroad'], zero='0')}"
           f"万元；公务接待费{m0(tp['reception'])}万元；公务用车购置及运行费{m0(tp['vehicle'])}万元。")
    w.para(f"二、{Y}年{F.SH_UNIT}财政拨款的机关运行经费预算为{m0(public / 10000)}万元。")
    w.save()


DOCUMENTS = {
    f"shifan-justice-{Y}-budget.pdf": department_budget,
    f"shifan-justice-{Y}-final-account.pdf": department_final_account,
    f"shifan-district-justice-{Y}-unit-budget.pdf": unit_budget,
}


def generate_sample(out_dir: Path) -> list[Path]:
    """Write the sample PDFs into ``out_dir`` (created if missing) and return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, build in DOCUMENTS.items():
        build(out_dir / name)
    return [out_dir / name for name in DOCUMENTS]


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    for path in generate_sample(Path(args[0] if args else "sample_data")):
        print(path)


if __name__ == "__main__":
    main()
