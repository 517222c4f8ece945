"""The page's inline stylesheet and script (no CDN, no network)."""

CSS = """
*{box-sizing:border-box} [id]{scroll-margin-top:96px}
body{font-family:system-ui,'Noto Sans CJK SC','WenQuanYi Zen Hei','WenQuanYi Micro Hei',sans-serif;
margin:0;color:#1f2328;background:#f6f7f9;font-size:14px}
header{background:#1f3a5f;color:#fff;padding:14px 24px}
header h1{margin:0;font-size:20px} header p{margin:4px 0 0;opacity:.85}
main{padding:12px 24px 40px}
h2{font-size:17px;margin:26px 0 8px;border-bottom:2px solid #d8dee4;padding-bottom:4px}
h3{font-size:14px;margin:14px 0 6px}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{background:#fff;border:1px solid #d8dee4;border-radius:6px;padding:8px 14px;min-width:130px}
.card b{display:block;font-size:22px;font-variant-numeric:tabular-nums}
.card span{color:#57606a;font-size:12px}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:8px 24px}
.panel{background:#fff;border:1px solid #d8dee4;border-radius:6px;padding:8px 12px;overflow-x:auto}
#filters{position:sticky;top:0;z-index:5;background:#eef2f6;border:1px solid #d0d7de;
border-radius:6px;padding:8px 12px;display:flex;flex-wrap:wrap;gap:8px;align-items:center;
margin-top:14px}
#filters label{font-size:12px;color:#57606a;display:flex;flex-direction:column}
#filters select,#filters input{font:inherit;padding:3px 6px;min-width:110px;max-width:260px}
#filter-count{margin-left:auto;font-weight:600}
table{border-collapse:collapse;margin:.4em 0 1.2em;background:#fff}
th,td{border:1px solid #d0d7de;padding:3px 8px;font-size:13px;text-align:left;vertical-align:top}
th{background:#eef2f6;position:relative}
.ok{color:#17692c;font-weight:600} .bad{color:#b00020;font-weight:600} .warn{color:#8a5a00;font-weight:600}
.muted{color:#57606a}
small.zh,span.zh{color:#57606a;margin-left:4px;font-size:12px}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
a.doc{display:block}
details.document{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:6px 0;padding:4px 10px}
details.document>summary{cursor:pointer;padding:3px 0}
details:target,details.focus{outline:2px solid #b00020}
.hidden{display:none!important}
.chart{max-width:100%;height:auto;font-size:12px}
.chart .lbl{fill:#24292f} .chart .val{fill:#57606a} .chart .axis{stroke:#8c959f}
.chart g.bar{cursor:pointer} .chart g.bar:hover .lbl{text-decoration:underline}
.chart polyline{fill:none;stroke-width:2}
.c0{fill:#2da44e;stroke:#2da44e;background:#2da44e} .c1{fill:#d4a72c;stroke:#d4a72c;background:#d4a72c}
.c2{fill:#cf222e;stroke:#cf222e;background:#cf222e} .c3{fill:#8c959f;stroke:#8c959f;background:#8c959f}
.c4{fill:#6e40c9;stroke:#6e40c9;background:#6e40c9} .c5{fill:#0969da;stroke:#0969da;background:#0969da}
.legend{display:flex;gap:12px;flex-wrap:wrap;font-size:12px;margin:2px 0}
.legend .sw{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
figure.evidence{margin:10px 0;border:1px solid #d0d7de;border-radius:6px;padding:8px;background:#fafbfc}
figure.evidence figcaption{font-size:13px;margin-bottom:6px}
.pageimg{position:relative;display:inline-block;max-width:100%;border:1px solid #8c959f}
.pageimg img{display:block;max-width:100%;height:auto}
.pageimg .hl{position:absolute;border:3px solid #cf222e;background:rgba(255,214,0,.28);
box-shadow:0 0 0 2px rgba(255,255,255,.8)}
pre.page-text{background:#fff;border:1px solid #d0d7de;padding:6px;max-height:360px;overflow:auto;
white-space:pre-wrap;font-family:inherit;font-size:13px}
pre.page-text mark{background:#ffe066;outline:2px solid #cf222e}
tr.failing-check.sel td{background:#fff3bf}
"""

JS = r"""
(function(){
var KEYS=['region','unit','year','type','status'];
var DATA=JSON.parse(document.getElementById('dashboard-data').textContent);
function $(s,r){return Array.prototype.slice.call((r||document).querySelectorAll(s));}
function openTarget(){
  var id=decodeURIComponent(location.hash.slice(1));if(!id)return;
  var el=document.getElementById(id);if(!el)return;
  for(var p=el;p;p=p.parentElement){if(p.tagName==='DETAILS')p.open=true;}
  if(el.tagName==='DETAILS'){el.classList.add('focus');}
  if(el.classList.contains('evidence')){el.classList.add('focus');}
  el.scrollIntoView();
}
function params(){
  var out={};var q=location.search.slice(1);if(!q)return out;
  q.split('&').forEach(function(kv){var i=kv.indexOf('=');if(i<0)return;
    out[decodeURIComponent(kv.slice(0,i))]=decodeURIComponent(kv.slice(i+1).replace(/\+/g,' '));});
  return out;
}
function current(){
  var f={};KEYS.forEach(function(k){f[k]=document.getElementById('f-'+k).value;});
  f.q=document.getElementById('f-q').value.trim().toLowerCase();return f;
}
function matches(el,f){
  for(var i=0;i<KEYS.length;i++){var k=KEYS[i];if(!f[k])continue;
    var v=el.getAttribute('data-'+k);if(v===null)continue;
    if(v.split('|').indexOf(f[k])<0)return false;}
  if(f.q){var t=(el.getAttribute('data-search')||'')+' '+el.textContent;
    if(t.toLowerCase().indexOf(f.q)<0)return false;}
  return true;
}
function apply(push){
  var f=current();var shown=0;
  $('[data-filterable]').forEach(function(el){var ok=matches(el,f);
    el.classList.toggle('hidden',!ok);if(ok&&el.hasAttribute('data-counts'))shown++;});
  document.getElementById('filter-count').textContent=shown+' / '+DATA.docs.length+' documents';
  if(push){var q=[];KEYS.concat(['q']).forEach(function(k){var v=k==='q'?
      document.getElementById('f-q').value.trim():f[k];
      if(v)q.push(encodeURIComponent(k)+'='+encodeURIComponent(v));});
    try{history.replaceState(null,'',location.pathname+(q.length?'?'+q.join('&'):'')+location.hash);}
    catch(e){}}
}
function fill(){
  var p=params();
  KEYS.forEach(function(k){
    var sel=document.getElementById('f-'+k);var seen={};var opts=[];
    DATA.docs.forEach(function(d){var v=d[k];if(v===null||v===undefined||v==='')return;v=String(v);
      if(!seen[v]){seen[v]=1;opts.push([v,d[k+'_label']||v]);}});
    opts.sort(function(a,b){return a[0]<b[0]?-1:a[0]>b[0]?1:0;});
    opts.forEach(function(o){var op=document.createElement('option');op.value=o[0];
      op.textContent=o[1];sel.appendChild(op);});
    if(p[k]!==undefined)sel.value=p[k];
    sel.addEventListener('change',function(){apply(true);});
  });
  var q=document.getElementById('f-q');if(p.q)q.value=p.q;
  q.addEventListener('input',function(){apply(true);});
  document.getElementById('f-reset').addEventListener('click',function(){
    KEYS.forEach(function(k){document.getElementById('f-'+k).value='';});q.value='';apply(true);});
  $('svg.chart g.bar').forEach(function(g){
    KEYS.forEach(function(k){var v=g.getAttribute('data-filter-'+k);if(v===null)return;
      g.addEventListener('click',function(){document.getElementById('f-'+k).value=v;apply(true);
        document.getElementById('filters').scrollIntoView();});});});
  $('tr.failing-check').forEach(function(tr){tr.addEventListener('click',function(){
    $('tr.failing-check.sel').forEach(function(o){o.classList.remove('sel');});
    tr.classList.add('sel');var ev=tr.getAttribute('data-evidence');
    if(ev){var el=document.getElementById(ev);if(el)el.scrollIntoView();}});});
}
document.addEventListener('DOMContentLoaded',function(){fill();apply(false);openTarget();});
window.addEventListener('hashchange',openTarget);
})();
"""
