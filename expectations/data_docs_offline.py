"""Great Expectations' Data Docs, made to render offline.

GE's page templates load Bootstrap, bootstrap-table, jQuery, Font Awesome and Vega from CDNs, and its
logo from S3; the package ships none of them (only its own stylesheet, fonts and images under
``static/``). Offline the pages render as bare links and the index's tables (filled by
bootstrap-table from JSON in the page) stay empty. ``make_offline(docs_dir)`` rewrites every page
after a build: the CDN ``<link>``/``<script>`` tags give way to one local stylesheet
(``static/styles/govbudget_offline.css``: the subset of Bootstrap 4 the pages use) and one local
script (``static/scripts/govbudget_offline.js``: the few jQuery / bootstrap-table calls the pages
make — building a table from its columns and data, row links, tabs, collapse, show/hide), and
remote images and CSS ``url()``s point at GE's local copies. Idempotent; links (``<a href>``) to
external sites are left as links.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref=[\"']https?://[^\"']*[\"'][^>]*>\s*", re.I)
_REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=[\"']https?://[^\"']*[\"'][^>]*>\s*</script>\s*",
                            re.I)
_REMOTE_IMG = re.compile(r"(<img\b[^>]*?\bsrc=)([\"'])https?://[^\"']*?/([\w.-]+\.(?:png|svg|gif))"
                         r"(?:\?[^\"']*)?\2", re.I | re.S)
_REMOTE_URL = re.compile(r"url\(\s*['\"]?https?://[^)'\"]*['\"]?\s*\)", re.I)
_LOCAL_STATIC = re.compile(r"(\b(?:href|src)=[\"'])(?:\./|\.\./)*static/")
MARK = "govbudget_offline"

CSS = r"""
/* govbudget: the part of Bootstrap 4 that GE's Data Docs use, so they render without a CDN */
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:"HKGrotesk",system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans CJK SC",
"WenQuanYi Zen Hei",sans-serif;font-size:1rem;line-height:1.5;color:#212529;background:#fff}
a{color:#007bff;text-decoration:none} a:hover{text-decoration:underline}
h1,h2,h3,h4,h5,h6,.h6{margin:0 0 .5rem;font-weight:500;line-height:1.2}
h4{font-size:1.5rem} h5{font-size:1.25rem} h6,.h6{font-size:1rem} p{margin:0 0 1rem}
.lead{font-size:1.25rem;font-weight:300} code{color:#e83e8c;font-size:87.5%}
.container-fluid{width:100%;padding-right:15px;padding-left:15px;margin:0 auto}
.row{display:flex;flex-wrap:wrap;margin-right:-15px;margin-left:-15px}
[class^="col"],[class*=" col"]{position:relative;width:100%;padding-right:15px;padding-left:15px}
.col-12,.col-xs-12,.col-sm-12{flex:0 0 100%;max-width:100%} .col-6{flex:0 0 50%;max-width:50%}
@media(min-width:768px){.col-md-2{flex:0 0 16.667%;max-width:16.667%}
.col-md-10{flex:0 0 83.333%;max-width:83.333%}.col-md-6{flex:0 0 50%;max-width:50%}
.d-md-block{display:block!important}.d-md-inline-flex{display:inline-flex!important}
.navbar-expand-md{flex-wrap:nowrap}}
@media(min-width:992px){.col-lg-2{flex:0 0 16.667%;max-width:16.667%}
.col-lg-10{flex:0 0 83.333%;max-width:83.333%}}
.d-none{display:none!important} .d-flex{display:flex!important}
@media(min-width:576px){.d-sm-block{display:block!important}}
.justify-content-center{justify-content:center} .align-items-center{align-items:center}
.float-left{float:left} .mr-auto{margin-right:auto} .h-100{height:100%}
.m-0{margin:0!important}.m-2{margin:.5rem!important}.mb-0{margin-bottom:0!important}
.mb-1{margin-bottom:.25rem!important}.mb-2{margin-bottom:.5rem!important}
.mb-3{margin-bottom:1rem!important}.mb-4{margin-bottom:1.5rem!important}
.mt-0{margin-top:0!important}.mt-1{margin-top:.25rem!important}.mt-3{margin-top:1rem!important}
.ml-1{margin-left:.25rem}.ml-2{margin-left:.5rem}.mr-0{margin-right:0}.mr-2{margin-right:.5rem}
.p-0{padding:0!important}.p-1{padding:.25rem!important}.p-2{padding:.5rem!important}
.p-3{padding:1rem!important}.pt-0{padding-top:0}.pb-0{padding-bottom:0}.pt-4{padding-top:1.5rem}
.pb-4{padding-bottom:1.5rem}.pl-5{padding-left:3rem}.pr-5{padding-right:3rem}.pr-3{padding-right:1rem}
.pb-1{padding-bottom:.25rem}.px-0{padding-left:0;padding-right:0}
.navbar{position:relative;display:flex;flex-wrap:wrap;align-items:center;padding:.5rem 1rem}
.navbar-brand{display:inline-block;margin-right:1rem;font-size:1.25rem}
.navbar-brand img{height:40px} .sticky-top{position:sticky;top:0;z-index:1020;background:#fff}
.sticky{position:sticky;top:1rem} .border-bottom{border-bottom:1px solid #dee2e6}
.bg-light{background-color:#f8f9fa!important} .rounded{border-radius:.25rem}
.nav{display:flex;flex-wrap:wrap;padding-left:0;margin-bottom:0;list-style:none}
.nav-tabs{border-bottom:1px solid #dee2e6}
.nav-tabs .nav-link{border:1px solid transparent;border-top-left-radius:.25rem;
border-top-right-radius:.25rem;margin-bottom:-1px}
.nav-tabs .nav-link.active{color:#495057;background:#fff;border-color:#dee2e6 #dee2e6 #fff}
.nav-link{display:block;padding:.5rem 1rem} .nav-pills .nav-link{border-radius:.25rem}
.tab-content>.tab-pane{display:none} .tab-content>.active{display:block}
.fade{opacity:1} .collapse:not(.show){display:none}
.breadcrumb{display:flex;flex-wrap:wrap;padding:.75rem 1rem;list-style:none;border-radius:.25rem}
.breadcrumb-item+.breadcrumb-item::before{content:"/";padding:0 .5rem;color:#6c757d}
.card{position:relative;display:flex;flex-direction:column;min-width:0;background:#fff;
border:1px solid rgba(0,0,0,.125);border-radius:.25rem}
.card-header{padding:.75rem 1.25rem;background:rgba(0,0,0,.03);border-bottom:1px solid rgba(0,0,0,.125)}
.card-body{flex:1 1 auto;padding:1.25rem} .card-text:last-child{margin-bottom:0}
.alert{position:relative;padding:.75rem 1.25rem;margin-bottom:1rem;border:1px solid transparent;
border-radius:.25rem} .alert-secondary{color:#383d41;background:#e2e3e5;border-color:#d6d8db}
.table{width:100%;margin-bottom:1rem;color:#212529;border-collapse:collapse}
.table th,.table td{padding:.75rem;vertical-align:top;border-top:1px solid #dee2e6}
.table thead th{vertical-align:bottom;border-bottom:2px solid #dee2e6;text-align:left}
.table-sm th,.table-sm td{padding:.3rem} table.table-bordered,.table-bordered th,.table-bordered td{
border:1px solid #dee2e6;border-collapse:collapse}
.table-responsive{display:block;width:100%;overflow-x:auto}
table.govbudget-table tbody tr:hover{background:rgba(0,0,0,.075)}
table.govbudget-table th.sortable{cursor:pointer}
.btn{display:inline-block;font-weight:400;text-align:center;border:1px solid transparent;
padding:.375rem .75rem;font-size:1rem;border-radius:.25rem;cursor:pointer;background:none}
.btn-primary{color:#fff;background:#007bff;border-color:#007bff} .btn-group{display:inline-flex}
.btn-group .btn+.btn{margin-left:-1px} .badge{display:inline-block;padding:.25em .4em;
font-size:75%;font-weight:700;border-radius:.25rem}
.text-success{color:#28a745!important} .text-danger{color:#dc3545!important}
.text-muted{color:#6c757d!important} .text-center{text-align:center}
input.form-control,.govbudget-search{display:block;padding:.25rem .5rem;border:1px solid #ced4da;
border-radius:.25rem;margin:.25rem 0 .5rem}
/* Font Awesome's icons used by the pages, as text */
.fas,.fa{font-style:normal;display:inline-block;font-weight:700}
.fa-check-circle::before{content:"\2714"} .fa-times::before,.fa-times-circle::before{content:"\2718"}
.fa-exclamation-triangle::before{content:"\26A0"} .fa-question-circle::before{content:"?"}
.fa-info-circle::before{content:"\2139"} .fa-external-link-alt::before{content:"\2197"}
.fa-cog::before{content:"\2699"} .fa-search::before{content:"\1F50D"}
.cooltip .top{display:none}
.btn-group-toggle input{position:absolute;clip:rect(0,0,0,0);pointer-events:none}
"""

JS = r"""
/* govbudget: the few jQuery / Bootstrap / bootstrap-table calls GE's Data Docs make, offline */
(function(){
function W(els){this.els=els;this.length=els.length;for(var i=0;i<els.length;i++)this[i]=els[i];}
var ready=[];
function $(sel){
  if(typeof sel==='function'){onReady(sel);return wrap([]);}
  if(sel instanceof W)return sel;
  if(sel===document||sel===window||(sel&&sel.nodeType))return wrap([sel]);
  if(typeof sel==='string'){try{return wrap(Array.prototype.slice.call(
      document.querySelectorAll(sel)));}catch(e){return wrap([]);}}
  return wrap([]);
}
function onReady(fn){if(document.readyState==='loading')ready.push(fn);else fn($);}
document.addEventListener('DOMContentLoaded',function(){ready.splice(0).forEach(function(f){f($);});});
var P=W.prototype;
P.each=function(cb){this.els.forEach(function(el,i){cb.call(el,i,el);});return this;};
P.parent=function(){var out=[];this.els.forEach(function(e){if(e.parentElement&&
  out.indexOf(e.parentElement)<0)out.push(e.parentElement);});return wrap(out);};
P.show=P.fadeIn=function(){this.els.forEach(function(e){if(e.style)e.style.display='';});return this;};
P.hide=P.fadeOut=function(){this.els.forEach(function(e){if(e.style)e.style.display='none';});return this;};
P.ready=function(fn){onReady(fn);return this;};
P.data=function(k){var e=this.els[0];return e&&e.getAttribute?e.getAttribute('data-'+k):undefined;};
P.attr=function(k,v){if(v===undefined){var e=this.els[0];return e&&e.getAttribute?e.getAttribute(k):undefined;}
  this.els.forEach(function(e){e.setAttribute(k,v);});return this;};
P.addClass=function(c){this.els.forEach(function(e){e.classList.add(c);});return this;};
P.removeClass=function(c){this.els.forEach(function(e){e.classList.remove(c);});return this;};
P.on=function(ev,fn){var name=String(ev).split(' ')[0];
  this.els.forEach(function(e){
    if(name==='click-row.bs.table'){(e._gbRowHandlers=e._gbRowHandlers||[]).push(fn);}
    else if(e.addEventListener){e.addEventListener(name.split('.')[0],fn);}});return this;};
function cell(v){return v===null||v===undefined?'':String(v);}
function render(table){
  var o=table._gbOpts,rows=table._gbRows.slice(),q=(table._gbQuery||'').toLowerCase();
  if(q)rows=rows.filter(function(r){return o.columns.some(function(c){
    var d=document.createElement('div');d.innerHTML=cell(r[c.field]);
    return d.textContent.toLowerCase().indexOf(q)>=0;});});
  var tb=table.querySelector('tbody')||table.appendChild(document.createElement('tbody'));
  tb.innerHTML='';
  rows.forEach(function(r,i){var tr=document.createElement('tr');
    var fa=o.rowAttributes&&window[o.rowAttributes];
    if(fa){var a=fa(r,i)||{};Object.keys(a).forEach(function(k){tr.setAttribute(k,a[k]);});}
    var fs=o.rowStyle&&window[o.rowStyle];
    if(fs){var s=(fs(r,i)||{}).css||{};Object.keys(s).forEach(function(k){tr.style[k]=s[k];});}
    o.columns.forEach(function(c){var td=document.createElement('td');td.innerHTML=cell(r[c.field]);
      if(c.align)td.style.textAlign=c.align;tr.appendChild(td);});
    tr.addEventListener('click',function(e){(table._gbRowHandlers||[]).forEach(function(h){
      h.call(table,e,r,wrap([tr]));});});
    tb.appendChild(tr);});
}
P.bootstrapTable=function(opts){
  if(typeof opts!=='object')return this;
  this.els.forEach(function(table){
    var o=table._gbOpts=opts;table._gbRows=(opts.data||[]).slice();
    table.classList.add('table','table-sm','govbudget-table');
    var th=table.querySelector('thead')||table.insertBefore(document.createElement('thead'),
      table.firstChild);
    th.innerHTML='';var tr=document.createElement('tr');
    (o.columns||[]).forEach(function(c){var h=document.createElement('th');h.textContent=c.title||c.field;
      if(c.sortable){h.className='sortable';h.addEventListener('click',function(){
        var key=c.sortName||c.field,dir=table._gbSort===key?-1:1;table._gbSort=dir>0?key:null;
        table._gbRows.sort(function(a,b){var x=a[key],y=b[key];return (x<y?-1:x>y?1:0)*dir;});
        render(table);});}
      tr.appendChild(h);});th.appendChild(tr);
    if(o.sortName){var key=o.sortName,dir=o.sortOrder==='desc'?-1:1;
      o.columns.forEach(function(c){if(c.field===key&&c.sortName)key=c.sortName;});
      table._gbRows.sort(function(a,b){var x=a[key],y=b[key];return (x<y?-1:x>y?1:0)*dir;});}
    if(o.search&&o.search!=='false'){var inp=document.createElement('input');inp.type='search';
      inp.placeholder='Search';inp.className='govbudget-search';
      inp.addEventListener('input',function(){table._gbQuery=inp.value;render(table);});
      table.parentNode.insertBefore(inp,table);}
    render(table);});
  return this;
};
['tooltip','popover','collapse','tab','modal','datepicker','dropdown','button'].forEach(function(m){
  if(!P[m])P[m]=function(){return this;};});
function wrap(els){var w=new W(els);
  return typeof Proxy==='undefined'?w:new Proxy(w,{get:function(t,k){
    if(k in t)return t[k];if(typeof k==='string'&&/^[a-z]/i.test(k))return function(){return w;};
    return undefined;}});}
$.fn=P;window.$=window.jQuery=$;
document.addEventListener('click',function(e){
  var a=e.target.closest&&e.target.closest('[data-toggle]');if(!a)return;
  var kind=a.getAttribute('data-toggle');
  var id=a.getAttribute('data-target')||a.getAttribute('href');
  if(kind==='tab'&&id){e.preventDefault();var pane=document.querySelector(id);if(!pane)return;
    Array.prototype.forEach.call(pane.parentElement.children,function(p){p.classList.remove('active','show');});
    pane.classList.add('active','show');
    var nav=a.closest('.nav');if(nav)Array.prototype.forEach.call(nav.querySelectorAll('[data-toggle=tab]'),
      function(x){x.classList.remove('active');});a.classList.add('active');}
  else if(kind==='collapse'&&id){e.preventDefault();var t=document.querySelector(id);if(t)t.classList.toggle('show');}
});
})();
"""


def _rel(target: Path, page: Path) -> str:
    return os.path.relpath(target, page.parent).replace(os.sep, "/")


def make_offline(docs_dir: Path) -> int:
    """Rewrite the Data Docs under ``docs_dir`` to use local assets only; returns pages rewritten."""
    docs_dir = Path(docs_dir)
    if not docs_dir.is_dir():
        return 0
    static = docs_dir / "static"
    (static / "styles").mkdir(parents=True, exist_ok=True)
    (static / "scripts").mkdir(parents=True, exist_ok=True)
    for path, text in ((static / "styles" / f"{MARK}.css", CSS),
                       (static / "scripts" / f"{MARK}.js", JS)):
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    for css in sorted((static / "styles").glob("*.css")):
        text = css.read_text(encoding="utf-8")
        new = _REMOTE_URL.sub("none", text)
        if new != text:
            css.write_text(new, encoding="utf-8")
    changed = 0
    for page in sorted(docs_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        css_href = _rel(static / "styles" / f"{MARK}.css", page)
        js_src = _rel(static / "scripts" / f"{MARK}.js", page)
        link = f'<link rel="stylesheet" href="{css_href}">\n'
        script = f'<script src="{js_src}"></script>\n'
        new = text
        if MARK not in new:
            new = _REMOTE_LINK.sub("", new, count=1) if _REMOTE_LINK.search(new) else new
            new = new.replace("<head>", "<head>\n" + link, 1) if "<head>" in new else link + new
            m = _REMOTE_SCRIPT.search(new)
            if m:
                new = new[:m.start()] + script + new[m.end():]
            else:
                new = new.replace("</head>", script + "</head>", 1)
        new = _REMOTE_LINK.sub("", new)
        new = _REMOTE_SCRIPT.sub("", new)
        images = static / "images"
        new = _REMOTE_IMG.sub(  # the lambda is called at once, by re.sub (B023 does not apply)
            lambda m: (f"{m.group(1)}{m.group(2)}{_rel(images / m.group(3), page)}{m.group(2)}"  # noqa: B023
                       if (images / m.group(3)).is_file() else  # noqa: B023
                       f"{m.group(1)}{m.group(2)}{_rel(images / 'logo-long.png', page)}"  # noqa: B023
                       f"{m.group(2)}"), new)
        new = _REMOTE_URL.sub("none", new)
        local = _rel(static, page)  # GE's own relative paths miss a level on the validation pages
        new = _LOCAL_STATIC.sub(lambda m: f"{m.group(1)}{local}/", new)  # noqa: B023 — called at once
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed
