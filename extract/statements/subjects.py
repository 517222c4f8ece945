"""What a stated figure is about: a 类/款/项 of the function classification, or a line of the
standard tables (收入总计, 基本支出, 人员经费, the 三公 items, 机关运行经费, 政府采购 …).

The subject of a figure is the last subject named in the words before it (since the previous
figure of the sentence): "公共安全支出（类）927.95万元" → 公共安全支出, 204. Longer names
win over the names inside them (财政拨款收入总计 over 收入总计, 公务用车购置费 over 公务用车).
"""

from __future__ import annotations

import re
from typing import Optional, cast

from extract.codes import FUNCTION_CLASSES, clean_name

# (canonical subject, printed forms as regex), most specific first within a family. The
# canonical names are the tables' own words, so a check finds the row by them.
LINE_SUBJECTS: list[tuple[str, str]] = [
    ("财政拨款收入支出总计", r"财政拨款收入?支出?总计|财政拨款收支总(?:计|预算|额)"),
    ("财政拨款收入总计", r"财政拨款收入总计"),
    ("财政拨款支出总计", r"财政拨款支出总计"),
    ("收入支出总计", r"收入支出总计|收支总计|收支总预算|收支总额"),
    ("收入总计", r"收入(?:预算)?总计|总收入|收入总预算|收入预算总计"),
    ("支出总计", r"支出(?:预算)?总计|总支出|支出总预算"),
    ("本年收入合计", r"本年收入合计|收入合计"),
    ("本年支出合计", r"本年支出合计|支出合计"),
    ("本年收入", r"本年收入|当年(?:拨款)?收入"),
    ("本年支出", r"本年支出|本年(?:预算)?安排|当年(?:预算)?安排"),
    ("年初结转和结余", r"年初结转和结余|年初结转结余"),
    ("年末结转和结余", r"年末结转和结余|年末结转结余"),
    ("上年结转", r"上年结转(?:收入|安排)?"),
    ("一般公共预算财政拨款支出",
     r"一般公共预算(?:财政)?拨款(?:决算|预算)?(?:当年)?支出|一般公共预算(?:当年|决算)?支出"),
    ("一般公共预算", r"一般公共预算(?:(?:财政)?拨款)?(?:收入)?"),
    ("政府性基金预算", r"政府性基金(?:预算)?(?:(?:财政)?拨款)?(?:收入|支出)?"),
    ("国有资本经营预算", r"国有资本经营(?:预算)?(?:(?:财政)?拨款)?(?:收入|支出|收益)?"),
    ("财政拨款收入", r"财政拨款收入"),
    ("财政拨款支出", r"财政拨款(?:安排)?支出"),
    ("财政专户管理资金", r"财政专户管理资金(?:收入)?"),
    ("单位资金", r"单位资金"),
    ("上级补助收入", r"上级补助收入"),
    ("事业收入", r"事业收入"),
    ("经营收入", r"经营收入"),
    ("附属单位上缴收入", r"附属单位上缴收入"),
    ("其他收入", r"其他收入"),
    ("上缴上级支出", r"上缴上级支出"),
    ("经营支出", r"经营支出"),
    ("对附属单位补助支出", r"对附属单位补助支出"),
    # a reason clause ("主要原因是基本收入较上年减少48.09万元"): named so that no other line is inherited
    ("基本收入", r"基本收入"),
    ("项目收入", r"项目收入"),
    ("基本支出", r"基本支出"),
    ("项目支出", r"项目支出"),
    ("人员经费", r"人员经费"),
    ("公用经费", r"公用经费"),
    ("工资福利支出", r"工资福利支出"),
    ("商品和服务支出", r"商品和服务支出"),
    ("对个人和家庭的补助", r"对个人和家庭的补助(?:支出)?"),
    ("资本性支出", r"资本性支出"),
    ("公务用车购置及运行维护费", r"公务用车购置及运行(?:维护|维修)?费"),
    ("公务用车购置费", r"公务用车购置(?:费|支出)?(?!及)"),
    ("公务用车运行维护费", r"公务用车运行(?:维护|维修)?费"),
    ("因公出国（境）费", r"因公出国[（(]境[）)]费"),
    ("公务接待费", r"(?<!外事)(?<!国内)(?<!国[（(]境[）)]外)公务接待费|接待费"),
    # "“三公”经费财政拨款支出全年预算…": the qualifier belongs to 三公经费
    ("三公经费", r"[“\"']?三公[”\"']?经费(?:财政拨款)?(?:支出)?"),
    ("机关运行经费", r"机关运行经费"),
    ("会议费", r"会议费"),
    ("培训费", r"培训费"),
    ("政府采购货物", r"政府采购货物"),
    ("政府采购工程", r"政府采购工程"),
    ("政府采购服务", r"政府采购服务"),
    ("政府采购", r"政府采购(?:预算|支出)?(?:总额)?"),
    ("车辆", r"公务用车|车辆|用车"),
    ("国有资产", r"国有资产|通用设备|专用设备|设备"),
]

_LINE_RE = re.compile("|".join(f"(?P<l{i}>{pattern})" for i, (_, pattern) in
                               enumerate(LINE_SUBJECTS)))

# "一般公共服务支出（类）人大事务（款）行政运行（项）": the name of each level before its mark
# "社会保障和就业支出（208类）行政事业单位养老支出（05款）行政单位离退休（01项）": the level's code
# may be printed inside its mark
_LEVEL_MARK = r"[（(]\s*(?P<digits>\d{2,3})?\s*(?P<level>类|款|项)\s*[）)]"
_LEVEL_NAME = r"(?P<name>[\u4e00-\u9fff、“”（）()]{1,30}?)"
_CHAIN_RE = re.compile(rf"{_LEVEL_NAME}{_LEVEL_MARK}")
_CLASS_NAMES = sorted({n for names in FUNCTION_CLASSES.values() for n in names if n.endswith("支出")},
                      key=len, reverse=True)
_CLASS_RE = re.compile("|".join(map(re.escape, _CLASS_NAMES)))
_CLASS_CODE = {clean_name(n): code for code, names in FUNCTION_CLASSES.items() for n in names}


def _strip_lead(name: str) -> str:
    # the words before a subject name that are no part of it ("其中：", "主要用于", "，")
    name = re.split(r"[，,。；;：:、]|其中|主要用于|用于|包括|方面", name)[-1]
    return re.sub(r"^(?:\d{4}年度?|本年度?|全年|当年|年度)", "", name)


# "一般公共服务支出-审计事务-行政运行" (Kunming): a 类 name, then its 款 and 项 after dashes
_DASH_CHAIN_RE = re.compile(rf"({'|'.join(map(re.escape, _CLASS_NAMES))})((?:[-－—]+[\u4e00-\u9fff（）()]{{2,30}}?){{1,2}})(?=[\d，,。；;（(]|$)")


def _resolve(levels: list[str], subject_names: Optional[dict], from_class: bool = True
             ) -> Optional[str]:
    """The code of the deepest level named, or None where a level cannot be found: a 类 code
    alone would say less than the text names. A chain that starts at its 款 ("检察（款）行政运行
    （项）") finds the 款 by its name where the document's tables print it once."""
    code = None
    for depth, name in enumerate(levels):
        if depth == 0:
            code = _CLASS_CODE.get(clean_name(name)) if from_class else \
                (subject_names or {}).get((None, clean_name(name)))
        elif subject_names is not None and code:
            parent = code
            code = subject_names.get((parent, clean_name(name))) or \
                subject_names.get((None, clean_name(name)))
            if code and not code.startswith(parent):
                code = None
        else:
            code = None
        if code is None:
            return None
    return code


def chain_subject(segment: str, subject_names: Optional[dict] = None
                  ) -> Optional[tuple[str, Optional[str], int]]:
    """The last 类/款/项 chain printed in ``segment``: (name as printed, code, end offset).

    The 类 code comes from the national list; a 款 or 项 code from the document's own tables
    (``subject_names``: (parent code, name) → code, see ``subject_names_of``)."""
    marks = list(_CHAIN_RE.finditer(segment))
    dashed = list(_DASH_CHAIN_RE.finditer(segment))
    if dashed and (not marks or dashed[-1].end() > marks[-1].end()):
        m = dashed[-1]
        levels = [m.group(1)] + [x for x in re.split(r"[-－—]+", m.group(2)) if x]
        return "-".join(levels), _resolve(levels, subject_names), m.end()
    if not marks:
        return None
    # the marks of one chain follow each other with nothing between them
    chain = [marks[-1]]
    for m in reversed(marks[:-1]):
        if m.end() == chain[0].start():
            chain.insert(0, m)
        else:
            break
    names, levels = [], []
    for m in chain:
        name = _strip_lead(m.group("name")) if m is chain[0] else m.group("name")
        names.append(f"{name}（{m.group('level')}）")
        levels.append(name)
    code = _printed_code(chain) or _resolve(levels, subject_names,
                                            from_class=chain[0].group("level") == "类")
    return "".join(names), code, chain[-1].end()


def _printed_code(chain: list) -> Optional[str]:
    """The code a chain prints in its marks, 类 (3 digits) then 款 and 项 (2 each), when every
    level prints its part and the 类 is a class of the national list."""
    widths = {"类": 3, "款": 2, "项": 2}
    if chain[0].group("level") != "类" or [m.group("level") for m in chain] != \
            ["类", "款", "项"][:len(chain)]:
        return None
    parts = [m.group("digits") for m in chain]
    if any(p is None or len(p) != widths[m.group("level")] for p, m in zip(parts, chain, strict=True)) \
            or parts[0] not in FUNCTION_CLASSES:
        return None
    return "".join(parts)


def line_subject(segment: str) -> Optional[tuple[str, Optional[str], int]]:
    """The last subject in ``segment``: a 类 named without its mark, or a line name. Of two
    names ending at the same place the longer wins."""
    found: list[tuple[int, int, str, Optional[str]]] = [
        (m.end(), -m.start(), LINE_SUBJECTS[int(cast(str, m.lastgroup)[1:])][0], None)
             for m in _LINE_RE.finditer(segment)]
    found += [(m.end(), -m.start(), m.group(0), _CLASS_CODE.get(clean_name(m.group(0))))
              for m in _CLASS_RE.finditer(segment)]
    if not found:
        return None
    end, _, name, code = max(found)
    return name, code, end


def find_subject(segment: str, subject_names: Optional[dict] = None
                 ) -> Optional[tuple[str, Optional[str]]]:
    """(subject, code) named last in ``segment``, or None."""
    chain = chain_subject(segment, subject_names)
    line = line_subject(segment)
    if chain and (not line or chain[2] >= line[2]):
        return chain[0], chain[1]
    if line:
        return line[0], line[1]
    return None


def subject_names_of(line_items) -> dict:
    """(parent code, cleaned name) → subject code from a document's own line items, and
    (None, name) for a name that is unique in the document: how a 款 or 项 the text names
    finds its code."""
    by_parent: dict = {}
    by_name: dict = {}
    for li in line_items:
        code = getattr(li, "subject_code", None)
        if not code or len(code) not in (5, 7):
            continue
        name = clean_name(re.sub(r"^\s*\d+\s*", "", li.item_name or ""))
        if not name:
            continue
        by_parent[(code[:-2], name)] = code
        by_name.setdefault(name, set()).add(code)
    out = dict(by_parent)
    for name, codes in by_name.items():
        if len(codes) == 1:
            out[(None, name)] = next(iter(codes))
    return out
