"""The HTML report's fixed parts: the stylesheet, the two scripts and the Content-Security-Policy.

The page needs nothing but itself: CSS and JavaScript are inline (no CDN, no web font), and the
policy forbids every load and allows only these two scripts, by the SHA-256 of their text, so the
page works offline and a lot's content can never make it run code. The hashes are computed here
from the very strings the page embeds, so editing a script cannot leave the policy behind.

The first script (:data:`ERRORS_JS`) runs before anything else and records every JavaScript
error and policy violation in ``<body data-errors>``; the second (:data:`TABLE_JS`) makes the
findings tables sort by any column and filter by text and severity (a link can carry a filter:
``report.html#q=1801&s=error``), then sets ``<body data-ready="1">``.

Nothing here depends on a report: :mod:`lotcheck.render.html_report` writes these into the page.
"""

from __future__ import annotations

import base64
import hashlib

CSS = """
:root{--ink:#1d2433;--muted:#5b6475;--line:#d5dae3;--bg:#f6f7f9;--pos:#c0392b;--neg:#2e6da4;
--err:#b42318;--warn:#9a6700;--info:#1f6feb}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,
"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans","DejaVu Sans",sans-serif}
header.page{background:#fff;border-bottom:1px solid var(--line);padding:16px 24px}
header.page h1{margin:0 0 4px;font-size:22px}
.run{color:var(--muted);margin:0}
.controls{display:flex;flex-wrap:wrap;gap:12px;align-items:end;margin-top:12px}
.controls label{display:flex;flex-direction:column;font-size:12px;color:var(--muted);gap:2px}
.controls input,.controls select{font:inherit;padding:4px 8px;border:1px solid var(--line);
border-radius:4px;min-width:220px}
.controls select{min-width:120px}
main{max-width:1400px;margin:0 auto;padding:16px}
section.lot,section.batch{background:#fff;border:1px solid var(--line);border-radius:6px;
padding:16px;margin:0 0 16px}
h2{font-size:17px;margin:0 0 4px;word-break:break-all}
h3{font-size:14px;margin:16px 0 6px}
.meta{color:var(--muted);margin:0 0 10px}
.partial{background:#fff4e5;border:1px solid #f5b041;color:#7a4100;padding:8px 12px;
border-radius:4px;font-weight:600}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eef1f5;font-weight:600}
td.num,th.num{text-align:right;white-space:nowrap}
td.date{white-space:nowrap}
table.services{width:auto;min-width:60%}
tr.total td{font-weight:700;border-top:2px solid var(--ink)}
tr.part td{color:var(--muted);border-bottom-style:dotted}
tr.part td:first-child{padding-left:22px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:12px;margin:8px 0}
figure{margin:0}
figcaption{font-weight:600;margin:0 0 4px}
svg.chart{width:100%;max-width:560px;height:auto;display:block}
svg .pos{fill:var(--pos)}
svg .neg{fill:var(--neg)}
svg .zero{stroke:var(--ink);stroke-width:1}
svg text{font-size:11px;fill:var(--ink)}
.legend{font-size:12px;color:var(--muted)}
.legend .pos,.legend .neg{display:inline-block;width:10px;height:10px;margin:0 4px 0 8px}
.legend .pos{background:var(--pos)}
.legend .neg{background:var(--neg)}
table.findings th button{all:unset;cursor:pointer}
table.findings th button::after{content:" ↕";color:var(--muted)}
table.findings th[aria-sort=ascending] button::after{content:" ↑"}
table.findings th[aria-sort=descending] button::after{content:" ↓"}
.scroll{overflow-x:auto}
table.findings{table-layout:fixed;min-width:1100px}
table.findings th{font-size:12px}
table.findings td,table.findings code{overflow-wrap:break-word}
table.findings td.num,table.findings td.date{white-space:normal}
col.c-severity{width:104px}
col.c-guide{width:100px}
col.c-authorization{width:120px}
col.c-date{width:90px}
col.c-item{width:56px}
col.c-line{width:64px}
col.c-code{width:120px}
col.c-glosa{width:64px}
col.c-expected,col.c-found{width:100px}
.sev{font-weight:700;text-transform:uppercase;font-size:11px}
.sev-error{color:var(--err)}
.sev-warning{color:var(--warn)}
.sev-info{color:var(--info)}
code{font-size:12px}
.ok{color:#1a7f37;font-weight:600}
.counts{font-size:15px;font-weight:600}
@page{size:A4;margin:12mm}
@media print{
body{background:#fff;font-size:10.5px}
header.page{border:0;padding:0 0 8px}
.controls{display:none}
main{max-width:none;padding:0}
section.lot,section.batch{border:0;padding:0;margin:0 0 12px}
section.lot+section.lot,section.batch{break-before:page}
.charts{grid-template-columns:1fr 1fr}
table{font-size:9.5px}
.scroll{overflow:visible}
table.findings{table-layout:auto;min-width:0}
table.findings col{width:auto}
td.msg{width:32%}
thead{display:table-header-group}
tr,figure{break-inside:avoid}
tr[hidden]{display:table-row}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""

# recorded before anything else runs, so an error anywhere in the page is visible to tests
ERRORS_JS = (
    "function lotcheckError(text){var b=document.body;"
    "b.setAttribute('data-errors',(b.getAttribute('data-errors')||'')+text+'\\n');}"
    "window.addEventListener('error',function(e){lotcheckError(e.message||'error');});"
    "document.addEventListener('securitypolicyviolation',function(e){"
    "lotcheckError('CSP '+e.violatedDirective+' '+e.blockedURI);});"
)

TABLE_JS = """(function(){
'use strict';
var body=document.body,lang=document.documentElement.lang||'pt-BR';
function norm(s){return s.normalize('NFD').replace(/[\\u0300-\\u036f]/g,'').toLowerCase();}
var query=document.getElementById('filter'),sev=document.getElementById('severity'),
shown=document.getElementById('shown');
var rows=Array.prototype.slice.call(document.querySelectorAll('table.findings tbody tr'));
rows.forEach(function(r){r.setAttribute('data-text',norm(r.textContent));});
function apply(){
var t=norm(query.value.trim()),s=sev.value,n=0;
rows.forEach(function(r){
var ok=(!t||r.getAttribute('data-text').indexOf(t)>=0)&&(!s||r.getAttribute('data-severity')===s);
r.hidden=!ok;if(ok){n++;}});
shown.textContent=String(n);}
var NUM=/^-?\\d+(\\.\\d+)?$/;
function key(row,col){var c=row.cells[col];
return c.hasAttribute('data-sort')?c.getAttribute('data-sort'):c.textContent.trim();}
function cmp(a,b){if(NUM.test(a)&&NUM.test(b)){return parseFloat(a)-parseFloat(b);}
return a.localeCompare(b,lang,{numeric:true});}
Array.prototype.forEach.call(document.querySelectorAll('table.findings'),function(table){
var heads=table.tHead.rows[0].cells;
Array.prototype.forEach.call(heads,function(th){
var button=th.querySelector('button');if(!button){return;}
button.addEventListener('click',function(){
var dir=th.getAttribute('aria-sort')==='ascending'?-1:1,col=th.cellIndex;
Array.prototype.forEach.call(heads,function(h){h.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',dir===1?'ascending':'descending');
var tbody=table.tBodies[0],list=Array.prototype.slice.call(tbody.rows);
list.sort(function(a,b){return dir*cmp(key(a,col),key(b,col))||
(Number(a.getAttribute('data-pos'))-Number(b.getAttribute('data-pos')));});
list.forEach(function(r){tbody.appendChild(r);});});});});
query.addEventListener('input',apply);sev.addEventListener('change',apply);
var hash=location.hash.replace(/^#/,'').split('&');
hash.forEach(function(part){var kv=part.split('=');var v=decodeURIComponent(kv[1]||'');
if(kv[0]==='q'){query.value=v;}if(kv[0]==='s'){sev.value=v;}});
apply();body.setAttribute('data-ready','1');
})();"""


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def policy(*scripts: str) -> str:
    """A page's Content-Security-Policy: nothing loads, and only ``scripts`` (by hash) run; a
    page with none (the reconciliation's printable page) runs no script at all."""
    allowed = " ".join(_hash(script) for script in scripts) or "'none'"
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src {allowed}; base-uri 'none'; form-action 'none'"
    )


CSP = policy(ERRORS_JS, TABLE_JS)
