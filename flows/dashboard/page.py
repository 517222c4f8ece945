"""The dashboard page, assembled from the sections' figures (flows.dashboard.data)."""

from __future__ import annotations

import json
from pathlib import Path

from flows.dashboard import assets, charts
from flows.dashboard.charts import escaped, fmt
from flows.dashboard.evidence import build_evidence
from flows.dashboard.labels import label, load_labels

STATUS_ORDER = ("reconciles", "warnings", "does_not_reconcile", "not_checked", "failed")
STATUS_CLASS = {"reconciles": "c0", "warnings": "c1", "does_not_reconcile": "c2",
                "not_checked": "c3", "failed": "c4"}
VERDICT = {"reconciles": ("ok", "reconciles"), "warnings": ("warn", "reconciles (warnings)"),
           "does_not_reconcile": ("bad", "does not reconcile"),
           "not_checked": ("warn", "not checked"), "failed": ("bad", "failed to parse")}


def anchor_of(document_id: str) -> str:
    return f"doc-{(document_id or '')[:12]}"


def status_of(d: dict) -> str:
    if d["status"] != "landed":
        return "failed"
    if d["checks"] - d["not_applicable"] <= 0 and not (d["failed_errors"] or d["failed_warnings"]):
        return "not_checked"
    if d["failed_errors"]:
        return "does_not_reconcile"
    if d["failed_warnings"]:
        return "warnings"
    return "reconciles"


def _zh(labels, kind, code) -> str:
    zh = labels.get(kind, {}).get(str(code)) if code is not None else None
    return f"<small class='zh'>{escaped(zh)}</small>" if zh and zh != str(code) else ""


def _source_href(uri, page=None) -> str:
    if not uri:
        return ""
    if uri.startswith(("http://", "https://")):
        href = uri
    else:
        p = Path(uri)
        if not p.is_absolute():
            return ""
        href = p.as_uri()
    if page and href.lower().endswith(".pdf"):
        href += f"#page={int(page)}"
    return href


def _filter_attrs(d: dict, labels: dict) -> str:
    return (f" data-filterable data-region='{escaped(d['region_code'])}'"
            f" data-unit='{escaped(d['unit_name'])}'"
            f" data-year='{escaped(d['fiscal_year'])}' data-type='{escaped(d['doc_type'] or 'unknown')}'"
            f" data-status='{escaped(d['_status'])}'")


def _family_of():
    try:
        from expectations.registry import FAMILY_OF_CHECK
        return dict(FAMILY_OF_CHECK)
    except Exception:  # the registry being edited must not stop the dashboard
        return {}


def _overview(data: dict, docs: list, labels: dict) -> str:
    landed = [d for d in docs if d["status"] == "landed"]
    failed_docs = len(docs) - len(landed)
    failed_src = {u for u, _ in data["failed_sources"]} - {d["source_uri"] for d in docs}
    counts = {"pass": 0, "fail_error": 0, "fail_warning": 0, "other": 0}
    for _name, status, severity, n in data["family_counts"]:
        if status == "pass":
            counts["pass"] += n
        elif status == "fail":
            counts["fail_error" if severity == "error" else "fail_warning"] += n
        else:
            counts["other"] += n
    reconciled = sum(1 for d in landed if d["_status"] in ("reconciles", "warnings"))
    cards = [("documents", len(docs), "文档"), ("landed", len(landed), "已入库"),
             ("failed", failed_docs + len(failed_src), "失败（文档与来源）"),
             ("reconcile", reconciled, "通过核对"),
             ("tables", sum(d["tables"] for d in docs), "表格"),
             ("line-items", sum(d["line_items"] for d in docs), "明细行"),
             ("checks-passed", counts["pass"], "检查通过"),
             ("checks-failed", counts["fail_error"] + counts["fail_warning"],
              f"检查未通过（错误 {counts['fail_error']}，警告 {counts['fail_warning']}）"),
             ("checks-na", counts["other"], "不适用")]
    money: dict = {}
    for doc_type, _code, _name, amount, _n in data["money"]:
        money[doc_type] = money.get(doc_type, 0.0) + (amount or 0)
    three: dict = {}
    for _year, doc_type, _item, amount, _n in data["three_public"]:
        three[doc_type] = three.get(doc_type, 0.0) + (amount or 0)
    out = ["<section id='overview'><div class='cards'>"]
    for key, value, zh in cards:
        out.append(f"<div class='card' data-figure='{key}'><b>{fmt(value, 0)}</b>"
                   f"<span>{escaped(zh)} · {escaped(key.replace('-', ' '))}</span></div>")
    for doc_type in sorted(money):
        out.append(f"<div class='card' data-figure='expenditure-{escaped(doc_type)}'>"
                   f"<b>{fmt(money[doc_type])}</b><span>万元 · 支出（类合计）· "
                   f"{escaped(label(labels, 'doc_type', doc_type))}</span></div>")
    for doc_type in sorted(three):
        out.append(f"<div class='card' data-figure='three-public-{escaped(doc_type)}'>"
                   f"<b>{fmt(three[doc_type])}</b><span>万元 · “三公”经费 · "
                   f"{escaped(label(labels, 'doc_type', doc_type))}</span></div>")
    out.append("</div>")
    out.append(f"<p class='muted'>{len(landed)} documents landed, <span class='ok'>{reconciled}"
               f" reconcile</span>, <span class='bad'>{len(landed) - reconciled} do not (or are "
               f"not checked)</span>; {len(data['failed_sources']) + failed_docs} sources could "
               f"not be read. Amounts in 万元, current documents only; expenditure is the Σ of 类 "
               f"rows of each document's 支出总表 (else 一般公共预算支出表); budgets and final "
               f"accounts are never added together.</p></section>")
    return "".join(out)


def _by_status_rows(docs, key, label_of, filter_key):
    groups: dict = {}
    for d in docs:
        groups.setdefault(d[key], [0] * len(STATUS_ORDER))[STATUS_ORDER.index(d["_status"])] += 1
    return [(label_of(k), v, {f"filter-{filter_key}": "" if k is None else k})
            for k, v in sorted(groups.items(), key=lambda kv: (kv[0] is None, str(kv[0])))]


def _charts(data: dict, docs: list, labels: dict) -> str:
    series = [(f"{labels['status'][s]} {VERDICT[s][1]}", STATUS_CLASS[s]) for s in STATUS_ORDER]
    region_names = {d["region_code"]: d["region_name"] or d["region_code"] for d in docs}
    out = ["<section id='charts'><h2>Charts 图表</h2><div class='grid2'>"]

    def panel(title, body):
        out.append(f"<div class='panel'><h3>{title}</h3>{body}</div>")

    panel("Documents and reconciliation by region 按地区", charts.stacked_bars(
        "chart-region", _by_status_rows(docs, "region_code",
                                        lambda k: f"{region_names.get(k) or '?'} {k or ''}",
                                        "region"), series))
    panel("… by year 按年度", charts.stacked_bars(
        "chart-year", _by_status_rows(docs, "fiscal_year", lambda k: str(k or "?"), "year"),
        series))
    panel("… by document type 按文档类型", charts.stacked_bars(
        "chart-doc-type", _by_status_rows(docs, "doc_type",
                                          lambda k: label(labels, "doc_type", k or "unknown"),
                                          "type"), series))
    fam_of = _family_of()
    fams: dict = {}
    for name, status, severity, n in data["family_counts"]:
        fam = fam_of.get(name, "unknown")
        if name == "check_family_ran":
            fam = "unknown"
        row = fams.setdefault(fam, [0, 0, 0])
        if status == "fail":
            row[0 if severity == "error" else 1] += n
        elif status == "pass":
            row[2] += n
    fam_rows = [(f"{labels['family'].get(f, f)} {f}", v[:2], None)
                for f, v in sorted(fams.items()) if v[0] or v[1]]
    passed = ", ".join(f"{labels['family'].get(f, f)} {v[2]}" for f, v in sorted(fams.items()))
    panel("Failures by check family 按检查类别的未通过", charts.stacked_bars(
        "chart-families", fam_rows, [("错误 error", "c2"), ("警告 warning", "c1")])
        + f"<p class='muted'>passed: {escaped(passed) or '—'}</p>")
    for doc_type in sorted({r[0] for r in data["money"]}):
        rows = [(f"{name or ''} {code}", [amount], None)
                for dt, code, name, amount, _n in data["money"] if dt == doc_type]
        panel(f"Money by function class 按功能分类（类）— "
              f"{escaped(label(labels, 'doc_type', doc_type))}, 万元",
              charts.stacked_bars(f"chart-money-{doc_type}", rows, [("万元", "c5")], digits=2,
                                  unit=" 万元"))
    items = ["因公出国（境）费", "公务用车购置及运行费", "公务接待费"]
    years: dict = {}
    for year, doc_type, item, amount, _n in data["three_public"]:
        years.setdefault((year, doc_type), [0.0] * 3)[items.index(item)] += amount or 0
    year_rows = [(f"{y} {label(labels, 'doc_type', t)}", v, {"filter-year": y})
                 for (y, t), v in sorted(years.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1]))]
    panel("“三公”经费 over years 按年度, 万元", charts.stacked_bars(
        "chart-three-public", year_rows, [(i, c) for i, c in zip(items, ("c4", "c5", "c1"), strict=True)],
        digits=2, unit=" 万元"))
    runs = data["runs"]
    panel("Trend over runs (dq.check_runs) 历次检查", charts.line_chart(
        "chart-runs", [r[1] for r in runs],
        [("passed 通过", "c0", [r[4] for r in runs]), ("failed 未通过", "c2", [r[5] for r in runs]),
         ("error-level 错误", "c4", [r[6] for r in runs])])
        + (f"<p class='muted'>{len(runs)} runs; last {escaped(runs[-1][0])} ({escaped(runs[-1][2])}, "
           f"{runs[-1][3]} documents)</p>" if runs else ""))
    out.append("</div></section>")
    return "".join(out)


def _filters() -> str:
    out = ["<section id='filters'>"]
    for key, zh in (("region", "地区 region"), ("unit", "单位 unit"), ("year", "年度 year"),
                    ("type", "类型 type"), ("status", "状态 status")):
        out.append("<label>{0}<select id='f-{1}' data-filter='{1}'><option value=''>all 全部"
                   "</option></select></label>".format(zh, key))
    out.append("<label>search 搜索<input id='f-q' type='search' placeholder='unit, file, check…'>"
               "</label><button id='f-reset' type='button'>reset 重置</button>"
               "<span id='filter-count'></span></section>")
    return "".join(out)


def _units(docs: list, labels: dict) -> list[str]:
    landed = [d for d in docs if d["status"] == "landed"]
    doc_types = sorted({d["doc_type"] or "unknown" for d in landed})
    parts = ["<h2>Units and years 单位与年度</h2><table id='units'><tr><th>unit 单位</th>"
             "<th>year 年度</th>"
             + "".join(f"<th>{escaped(t)}{_zh(labels, 'doc_type', t)}</th>" for t in doc_types)
             + "</tr>"]
    grid: dict = {}
    for d in landed:
        grid.setdefault((d["unit_name"], d["fiscal_year"]), {}).setdefault(
            d["doc_type"] or "unknown", []).append(d)
    for (unit, year), cells in grid.items():
        ds = [d for v in cells.values() for d in v]
        region = "|".join(sorted({str(d["region_code"]) for d in ds}))
        types = "|".join(sorted(cells))
        statuses = "|".join(sorted({d["_status"] for d in ds}))
        parts.append(f"<tr data-unit='{escaped(unit)}' data-year='{escaped(year)}' data-filterable "
                     f"data-region='{escaped(region)}' data-type='{escaped(types)}' "
                     f"data-status='{escaped(statuses)}'><td>{escaped(unit)}</td><td>{escaped(year)}</td>")
        for t in doc_types:
            links = []
            for d in cells.get(t, []):
                cls, verdict = VERDICT[d["_status"]]
                stale = "" if d["is_current"] is not False else " (superseded)"
                links.append(f"<a class='doc {cls}' href='#{anchor_of(d['document_id'])}' "
                             f"data-document-id='{escaped(d['document_id'])}'>{escaped(d['file_name'])}: "
                             f"{verdict}{stale}<small class='zh'>"
                             f"{escaped(labels['status'][d['_status']])}</small></a>")
            parts.append(f"<td>{''.join(links)}</td>")
        parts.append("</tr>")
    parts.append("</table>")
    return parts


def _documents(docs: list, labels: dict) -> list[str]:
    parts = ["<h2>Documents 文档</h2><table id='documents'><tr><th>region</th><th>unit</th>"
             "<th>year</th><th>type</th><th>file</th><th>current</th><th>tables</th>"
             "<th>line items</th><th>checks</th><th>passed</th><th>failed (error)</th>"
             "<th>failed (warning)</th><th>reconciles</th></tr>"]
    for d in docs:
        cls, verdict = VERDICT[d["_status"]]
        target = (f"<a href='#{anchor_of(d['document_id'])}'>{escaped(d['file_name'])}</a>"
                  if d["status"] == "landed" else escaped(d["file_name"] or d["source_uri"]))
        current = {True: "current 现行", False: "superseded 已替换"}.get(d["is_current"], "")
        parts.append(
            f"<tr data-document-id='{escaped(d['document_id'])}' data-counts{_filter_attrs(d, labels)}>"
            f"<td>{escaped(d['region_name'] or '')}<small class='zh'>{escaped(d['region_code'])}</small></td>"
            f"<td>{escaped(d['unit_name'])}</td><td>{escaped(d['fiscal_year'])}</td>"
            f"<td>{escaped(d['doc_type'])}{_zh(labels, 'doc_type', d['doc_type'])}</td>"
            f"<td>{target}</td><td>{current}</td><td class='num'>{d['tables']}</td>"
            f"<td class='num'>{d['line_items']}</td><td class='num'>{d['checks']}</td>"
            f"<td class='num'>{d['passed']}</td><td class='num'>{d['failed_errors']}</td>"
            f"<td class='num'>{d['failed_warnings']}</td><td class='{cls}'>{verdict}"
            f"<small class='zh'>{escaped(labels['status'][d['_status']])}</small></td></tr>")
    parts.append("</table>")
    return parts


def _evidence_html(i: int, c: dict, d: dict, ev: dict, labels: dict) -> str:
    page = ev["pages"].get((c["document_id"], c["page_number"]))
    if page is None:
        return ""
    eid = f"ev-{c['document_id'][:12]}-{i}"
    href = _source_href(d["source_uri"], c["page_number"])
    src = (f" · <a class='source' href='{escaped(href)}'>source 原文 p{escaped(c['page_number'])}</a>"
           if href else f" · source <code>{escaped(d['source_uri'])}</code>")
    cap = (f"<figcaption><b>p{escaped(c['page_number'])}</b> · {escaped(c['check_name'])} · "
           f"{escaped(c['table_kind'] or '')}{_zh(labels, 'table_kind', c['table_kind'])} · "
           f"{escaped(c['subject_code'] or '')} {escaped(c['item_name'] or '')}{src}</figcaption>")
    if "png" in page:
        box = ev["boxes"].get(i)
        hl = ("<div class='hl' style='left:{:.2f}%;top:{:.2f}%;width:{:.2f}%;height:{:.2f}%'>"
              "</div>".format(*(100 * v for v in box)) if box else "")
        body = (f"<div class='pageimg'><img src='{escaped(page['png'])}' width='{page['w']}' "
                f"height='{page['h']}' loading='lazy' alt='page {escaped(c['page_number'])}'>{hl}"
                f"</div>{'' if box else '<p class=muted>row not found on the page text layer'}"
                f"{'' if box else ' — the page without a mark</p>'}")
        kind = "image"
    else:
        from flows.dashboard.evidence import text_excerpt

        lines, at = text_excerpt(page["text"], c)
        body = "<pre class='page-text'>" + "\n".join(
            f"<mark>{escaped(line)}</mark>" if j == at else escaped(line)
            for j, line in enumerate(lines)) + "</pre>"
        kind = "text"
    return (f"<figure class='evidence' id='{eid}' data-check='{escaped(c['check_name'])}' "
            f"data-page='{escaped(c['page_number'])}' data-kind='{kind}'"
            f"{' data-box' if kind == 'image' and ev['boxes'].get(i) else ''}>{cap}{body}"
            f"</figure>")


def _drill_down(docs: list, failing: list, ev: dict, labels: dict) -> list[str]:
    parts = ["<h2>Failing checks by document 未通过的检查</h2>"]
    by_doc: dict = {}
    for i, c in enumerate(failing):
        by_doc.setdefault(c["document_id"], []).append((i, c))
    for d in docs:
        if d["status"] != "landed":
            continue
        rows = by_doc.get(d["document_id"], [])
        cls, verdict = VERDICT[d["_status"]]
        parts.append(
            f"<details class='document' id='{anchor_of(d['document_id'])}' "
            f"data-document-id='{escaped(d['document_id'])}'{_filter_attrs(d, labels)}>"
            f"<summary><span class='{cls}'>{verdict}</span> — {escaped(d['unit_name'])} "
            f"{escaped(d['fiscal_year'])} {escaped(d['doc_type'])}{_zh(labels, 'doc_type', d['doc_type'])}"
            f" — {escaped(d['file_name'])}: {len(rows)} failing of {d['checks']} checks</summary>")
        href = _source_href(d["source_uri"])
        src = (f"<a class='source' href='{escaped(href)}'>{escaped(d['source_uri'])}</a>" if href
               else f"<code>{escaped(d['source_uri'])}</code>")
        parts.append(f"<p>document_id <code>{escaped(d['document_id'])}</code>, source {src}"
                     f"{', ' + escaped(d['page_count']) + ' pages' if d['page_count'] else ''}</p>")
        if rows:
            parts.append("<table class='failing'><tr><th>check</th><th>severity</th>"
                         "<th>table</th><th>page</th><th>code</th><th>row</th><th>expected</th>"
                         "<th>actual</th><th>difference</th><th>tolerance</th><th>what</th>"
                         "</tr>")
            figures = []
            for i, r in rows:
                fig = _evidence_html(i, r, d, ev, labels)
                eid = f"ev-{r['document_id'][:12]}-{i}" if fig else ""
                figures.append(fig)
                page = (f"<a href='#{eid}'>{escaped(r['page_number'])}</a>" if eid
                        else escaped(r["page_number"]))
                measure = _zh(labels, "measure", r["measure"]) if r["measure"] else ""
                parts.append(
                    f"<tr class='failing-check' data-check='{escaped(r['check_name'])}' "
                    f"data-page='{escaped(r['page_number'])}' data-evidence='{eid}'>"
                    f"<td>{escaped(r['check_name'])}</td>"
                    f"<td class='{'bad' if r['severity'] == 'error' else 'warn'}'>"
                    f"{escaped(r['severity'])}{_zh(labels, 'severity', r['severity'])}</td>"
                    f"<td>{escaped(r['table_kind'])}{_zh(labels, 'table_kind', r['table_kind'])}</td>"
                    f"<td class='num page'>{page}</td><td>{escaped(r['subject_code'])}</td>"
                    f"<td>{escaped(r['item_name'])}</td><td class='num'>{escaped(r['expected'])}</td>"
                    f"<td class='num'>{escaped(r['actual'])}</td>"
                    f"<td class='num'>{escaped(r['difference'])}</td>"
                    f"<td class='num'>{escaped(r['tolerance'])}</td><td>{escaped(r['description'])}"
                    f"{measure}</td></tr>")
            parts.append("</table>")
            parts += [f for f in figures if f]
        else:
            parts.append("<p class='ok'>every check passes</p>")
        parts.append("</details>")
    if ev["skipped"]:
        parts.append(f"<p class='muted'>{ev['skipped']} more pages with failing checks were not "
                     f"rendered (cap GOVBUDGET_DASHBOARD_MAX_PAGES).</p>")
    return parts


def _failed_sources(data: dict, docs: list) -> list[str]:
    parts = ["<h2>Sources that could not be read 无法读取的来源</h2><table id='failed-sources'>"
             "<tr><th>source</th><th>reason</th></tr>"]
    listed = set()
    for d in docs:
        if d["status"] != "landed":
            listed.add(d["source_uri"])
            parts.append(f"<tr class='failed-source'><td>{escaped(d['source_uri'] or d['file_name'])}"
                         f"</td><td>{escaped(d['error_message'])}</td></tr>")
    for uri, err in data["failed_sources"]:
        if uri not in listed:
            parts.append(f"<tr class='failed-source'><td>{escaped(uri)}</td><td>{escaped(err)}</td></tr>")
    parts.append("</table>")
    return parts


def _json_data(docs: list, labels: dict) -> str:
    rows = [{"id": d["document_id"], "anchor": anchor_of(d["document_id"]),
             "region": d["region_code"], "region_label": f"{d['region_name'] or ''} "
             f"{d['region_code'] or ''}".strip(), "unit": d["unit_name"],
             "year": d["fiscal_year"], "type": d["doc_type"] or "unknown",
             "type_label": label(labels, "doc_type", d["doc_type"] or "unknown"),
             "status": d["_status"],
             "status_label": f"{labels['status'][d['_status']]} {VERDICT[d['_status']][1]}",
             "file": d["file_name"]} for d in docs]
    text = json.dumps({"docs": rows}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def render(con, out_path: Path) -> str:
    from flows.dashboard.data import load

    data = load(con)
    labels = load_labels(con)
    docs = data["docs"]
    for d in docs:
        d["_status"] = status_of(d)
    ev = build_evidence(con, data["failing"], {d["document_id"]: d for d in docs},
                        Path(out_path).parent)
    last = data["runs"][-1] if data["runs"] else None
    sub = (f"checks of run {escaped(last[0])} ({escaped(last[1])})" if last else "no checks run yet")
    parts = ["<!doctype html><html lang='zh'><head><meta charset='utf-8'>"
             "<meta name='viewport' content='width=device-width,initial-scale=1'>"
             f"<title>govbudget — data quality 数据质量</title><style>{assets.CSS}</style>"
             f"<script type='application/json' id='dashboard-data'>{_json_data(docs, labels)}"
             f"</script><script>{assets.JS}</script></head><body>",
             f"<header><h1>govbudget — reconciliation dashboard 预决算公开核对</h1><p>{sub}</p>"
             "</header><main>",
             _overview(data, docs, labels), _filters(), _charts(data, docs, labels)]
    parts += _units(docs, labels)
    parts += _documents(docs, labels)
    parts += _drill_down(docs, data["failing"], ev, labels)
    parts += _failed_sources(data, docs)
    parts.append("</main></body></html>")
    return "\n".join(parts)
