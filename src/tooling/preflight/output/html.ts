/**
 * The HTML report for the people who sign off (compliance officer, practice manager, auditor): one
 * self-contained file, a pure function of the JSON report. Inline CSS and one small inline script,
 * both pinned by a Content-Security-Policy hash with `default-src 'none'`, so the page makes no
 * request when opened (from file:// or a server) and nothing in it can load anything. Works
 * without the script (every finding shown), on a phone (cards, no wide tables) and on paper
 * (print styles: no controls, no cut cards).
 *
 * Everything shown comes from the report, which carries SIDs, masked numbers, fixed reason texts
 * and evidence values only; every string is escaped, and anything that still looks like a phone
 * number is masked again here (defence in depth).
 */
import { createHash } from 'node:crypto';
import { maskNumber } from '../../../runtime/core/mask';
import { SAFEGUARDS, isSafeguardId } from '../../compliance/hipaa-safeguards';
import { STATUSES, type StatusCounts } from './breakdown';
import type { Drift, DriftItem } from './drift';
import type { Report, ReportResult } from './report';
import type { Status } from '../types';

const STATUS_LABEL: Record<Status, string> = { fail: 'Failed', unknown: 'Unknown', warn: 'Warning', pass: 'Passed', skip: 'Skipped' };
const STATUS_HINT: Record<Status, string> = {
  fail: 'a required check failed: fix before deploying',
  unknown: 'could not be verified: treated as not passing',
  warn: 'a recommended check failed: review',
  pass: 'checked and passed',
  skip: 'not applicable here',
};

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Anything shaped like a phone number (E.164, a bare 10-15 digit run, 202-555-0147) is masked. */
export function maskPhoneLike(text: string): string {
  return text
    .replace(/(?<![\w*+])\+\d{7,15}(?!\w)/g, (m) => maskNumber(m))
    .replace(/(?<![\w*+])\d{10,15}(?!\w)/g, (m) => `${'*'.repeat(m.length - 4)}${m.slice(-4)}`)
    .replace(/(?<![\w*+-])\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?![\w-])/g, (m) => `***-***-${m.slice(-4)}`);
}

/** Escaped and masked: the only way a report value reaches the page. */
export function esc(value: unknown): string {
  return maskPhoneLike(String(value ?? '')).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('base64');

const CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--line:#d8dee4;--bg:#f6f8fa;--card:#fff;--fail:#b42318;--fail-bg:#fef3f2;--unknown:#9a4d00;--unknown-bg:#fff7e6;--warn:#7a5c00;--warn-bg:#fffbe6;--pass:#1a7f37;--pass-bg:#effaf2;--skip:#57606a;--skip-bg:#f3f4f6;--accent:#0b5cad}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1080px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:1.6rem;line-height:1.25;margin:0 0 4px}
h2{font-size:1.15rem;margin:32px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:1rem;margin:0}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.86em;overflow-wrap:anywhere}
.sub{color:var(--muted);margin:0}
.meta{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:8px 24px;margin:16px 0;padding:14px 16px;background:var(--card);border:1px solid var(--line);border-radius:10px}
@media (min-width:760px){.meta{grid-template-columns:2fr 1.3fr 1fr 1.3fr}}
.meta dt{font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.meta dd{margin:0;font-weight:600;overflow-wrap:anywhere}
.verdict{display:flex;gap:12px;align-items:flex-start;padding:14px 16px;border-radius:10px;border:1px solid;margin:16px 0}
.verdict strong{display:block;font-size:1.05rem}
.verdict.fail{background:var(--fail-bg);border-color:#f5c2bd;color:var(--fail)}
.verdict.unknown{background:var(--unknown-bg);border-color:#f3d19e;color:var(--unknown)}
.verdict.pass{background:var(--pass-bg);border-color:#b4e2c1;color:var(--pass)}
.verdict p{margin:2px 0 0;color:var(--fg)}
.dot{flex:none;width:14px;height:14px;border-radius:50%;margin-top:5px;background:currentColor}
.totals{display:grid;grid-template-columns:repeat(5,1fr);gap:10px;margin:16px 0}
.total{background:var(--card);border:1px solid var(--line);border-top:4px solid;border-radius:10px;padding:10px 12px}
.total .n{display:block;font-size:1.7rem;font-weight:700;line-height:1.1}
.total .l{font-size:.8rem;color:var(--muted)}
.total.fail{border-top-color:var(--fail)}.total.fail .n{color:var(--fail)}
.total.unknown{border-top-color:var(--unknown)}.total.unknown .n{color:var(--unknown)}
.total.warn{border-top-color:#d4a72c}.total.warn .n{color:var(--warn)}
.total.pass{border-top-color:var(--pass)}.total.pass .n{color:var(--pass)}
.total.skip{border-top-color:#afb8c1}.total.skip .n{color:var(--skip)}
.notice{background:#eef6ff;border:1px solid #c6ddf7;border-radius:10px;padding:12px 16px;margin:16px 0}
.notice.warnbox{background:var(--unknown-bg);border-color:#f3d19e}
.filters{position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;padding:10px 12px;margin:20px 0 8px;background:rgba(246,248,250,.96);border:1px solid var(--line);border-radius:10px}
.filters fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.filters legend{float:left;margin-right:6px;font-size:.8rem;color:var(--muted)}
.chip{display:inline-flex;align-items:center;gap:6px;padding:4px 10px;border:1px solid var(--line);border-radius:999px;background:var(--card);font-size:.85rem;cursor:pointer;user-select:none}
.chip input{margin:0}
.filters select{font:inherit;font-size:.9rem;padding:4px 8px;border:1px solid var(--line);border-radius:8px;background:var(--card)}
.count{font-size:.8rem;color:var(--muted);margin-left:auto}
.finding{background:var(--card);border:1px solid var(--line);border-left:5px solid;border-radius:10px;padding:14px 16px;margin:10px 0;break-inside:avoid}
.finding.fail{border-left-color:var(--fail)}.finding.unknown{border-left-color:#d97706}.finding.warn{border-left-color:#d4a72c}.finding.pass{border-left-color:var(--pass)}.finding.skip{border-left-color:#afb8c1}
.fhead{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:baseline}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:.75rem;font-weight:700;letter-spacing:.02em;text-transform:uppercase}
.badge.fail{background:var(--fail-bg);color:var(--fail)}.badge.unknown{background:var(--unknown-bg);color:var(--unknown)}.badge.warn{background:var(--warn-bg);color:var(--warn)}.badge.pass{background:var(--pass-bg);color:var(--pass)}.badge.skip{background:var(--skip-bg);color:var(--skip)}
.badge.new{background:#ede9fe;color:#5b21b6}
.rid{color:var(--muted)}
.kv{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:10px 0 0}
.kv dt{color:var(--muted);font-size:.85rem}
.kv dd{margin:0;overflow-wrap:anywhere}
.remedy{margin-top:10px;padding:10px 12px;background:#f6f8fa;border-radius:8px}
.remedy b{display:block;font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.fix{display:block;margin-top:6px;padding:6px 10px;background:#1b1f24;color:#f6f8fa;border-radius:6px}
.sg{display:flex;flex-wrap:wrap;gap:6px;margin-top:10px}
.sg span{font-size:.78rem;padding:2px 8px;border-radius:6px;background:#eef6ff;color:#0b4a8b;border:1px solid #c6ddf7}
details.passes{background:var(--card);border:1px solid var(--line);border-radius:10px;margin:12px 0}
details.passes>summary{cursor:pointer;padding:12px 16px;font-weight:600}
.plist{list-style:none;margin:0;padding:0 16px 12px}
.plist li{display:flex;flex-wrap:wrap;gap:4px 10px;padding:6px 0;border-top:1px solid var(--line)}
.plist .why{color:var(--muted)}
table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:10px;overflow:hidden}
th,td{text-align:left;padding:7px 10px;border-top:1px solid var(--line);font-size:.9rem;vertical-align:top}
th.num{text-align:right}
th{background:#f0f3f6;font-size:.78rem;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);border-top:0}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.num.f{color:var(--fail);font-weight:700}td.num.u{color:var(--unknown);font-weight:700}td.num.w{color:var(--warn);font-weight:700}
.tablewrap{overflow-x:auto;-webkit-overflow-scrolling:touch;border-radius:10px}
.bar{display:block;width:100%;min-width:80px;height:10px}
.empty{color:var(--muted);font-style:italic;padding:8px 2px}
.drift{display:grid;grid-template-columns:repeat(4,1fr);gap:10px;margin-top:10px}
.drift .total .n{font-size:1.4rem}
ul.dl{margin:6px 0 0;padding:0;list-style:none}
ul.dl li{padding:8px 12px;margin:6px 0;background:var(--card);border:1px solid var(--line);border-radius:8px;break-inside:avoid}
.was{color:var(--muted);font-size:.85rem}
#drift h3{margin:18px 0 4px}
footer{margin-top:40px;padding-top:12px;border-top:1px solid var(--line);color:var(--muted);font-size:.85rem}
[hidden]{display:none!important}
@media (max-width:640px){main{padding:16px 12px 40px}h1{font-size:1.3rem}.totals{grid-template-columns:repeat(3,1fr)}.drift{grid-template-columns:repeat(2,1fr)}.kv{grid-template-columns:1fr}.kv dt{margin-top:4px}.filters{position:static}.count{margin-left:0;width:100%}.col-opt{display:none}}
@media print{body{background:#fff;font-size:11pt}main{max-width:none;padding:0}.filters,.noprint{display:none!important}.finding,.total,.meta,table,details.passes{border-color:#999}.finding{page-break-inside:avoid}h2{page-break-after:avoid}a{color:inherit;text-decoration:none}.fix{background:#fff;color:#000;border:1px solid #999}.totals{grid-template-columns:repeat(5,1fr)}}
`;

const SCRIPT = `
(function(){
  var boxes=[].slice.call(document.querySelectorAll('input[data-filter-status]'));
  var product=document.getElementById('filter-product');
  var items=[].slice.call(document.querySelectorAll('[data-status][data-product]'));
  var counter=document.getElementById('shown-count');
  function apply(){
    var on={};boxes.forEach(function(b){on[b.value]=b.checked;});
    var p=product?product.value:'';var shown=0;
    items.forEach(function(el){
      var ok=on[el.getAttribute('data-status')]!==false&&(!p||el.getAttribute('data-product')===p);
      el.hidden=!ok;if(ok)shown++;
    });
    [].slice.call(document.querySelectorAll('[data-group]')).forEach(function(g){
      var any=g.querySelector('[data-status]:not([hidden])');
      var e=g.querySelector('.empty');if(e)e.hidden=!!any;
      var s=g.querySelector('[data-visible-count]');if(s)s.textContent=String(g.querySelectorAll('[data-status]:not([hidden])').length);
    });
    if(counter)counter.textContent=shown+' of '+items.length+' findings shown';
  }
  boxes.forEach(function(b){b.addEventListener('change',apply);});
  if(product)product.addEventListener('change',apply);
  document.documentElement.classList.add('js');
  apply();
})();
`;

function fmtTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function sectionName(section: string): string {
  return isSafeguardId(section) ? SAFEGUARDS[section].name : section;
}

function safeguardChips(sections: readonly string[]): string {
  return `<div class="sg" aria-label="HIPAA safeguards">${sections.map((s) => `<span title="45 CFR ${esc(s)}">§${esc(s)} ${esc(sectionName(s))}</span>`).join('')}</div>`;
}

function fixCommand(report: Report, r: ReportResult): string | null {
  if (!r.fixable) return null;
  const sub = r.account && r.account !== report.account ? ' --subaccounts' : '';
  // The profile the report was checked with: --fix must plan against the same rules.
  return `npm run -s preflight -- --fix --profile ${report.profile}${sub}`;
}

function evidenceText(r: ReportResult): string {
  return Object.entries(r.evidence)
    .map(([k, v]) => `${k}: ${v === null ? '—' : String(v)}`)
    .join(' · ');
}

function findingCard(report: Report, r: ReportResult, isNew: boolean): string {
  const fix = fixCommand(report, r);
  const ev = evidenceText(r);
  const rows = [
    r.resource
      ? `<dt>Resource</dt><dd class="mono" data-field="resource">${esc(r.resource)}</dd>`
      : `<dt>Resource</dt><dd>the whole account or project</dd>`,
    r.account && r.account !== report.account ? `<dt>Subaccount</dt><dd class="mono">${esc(r.account)}</dd>` : '',
    `<dt>Reason</dt><dd data-field="reason">${esc(r.reason)}</dd>`,
    ev ? `<dt>Evidence</dt><dd class="mono">${esc(ev)}</dd>` : '',
    `<dt>Severity</dt><dd>${esc(r.severity)} · ${esc(STATUS_HINT[r.status])}</dd>`,
    `<dt>Source</dt><dd>${esc(r.source)}</dd>`,
  ].join('');
  return `<article class="finding ${r.status}" data-status="${r.status}" data-product="${esc(r.product)}" data-rule="${esc(r.id)}">
<div class="fhead"><span class="badge ${r.status}">${STATUS_LABEL[r.status]}</span>${isNew ? '<span class="badge new">New</span>' : ''}<h3>${esc(r.title)}</h3><code class="rid">${esc(r.id)}</code></div>
<dl class="kv">${rows}</dl>
<div class="remedy" data-field="remediation"><b>How to fix</b>${esc(r.remediation)}${fix ? `<code class="fix" data-field="fix">${esc(fix)}</code>` : ''}</div>
${safeguardChips(r.safeguards)}
</article>`;
}

function passRow(r: ReportResult): string {
  return `<li data-status="${r.status}" data-product="${esc(r.product)}" data-rule="${esc(r.id)}"><span class="badge ${r.status}">${STATUS_LABEL[r.status]}</span><span>${esc(r.title)}</span><code class="rid">${esc(r.id)}</code>${r.resource ? `<code>${esc(r.resource)}</code>` : ''}<span class="why">${esc(r.reason)}</span></li>`;
}

/** A stacked bar of one row's counts, as inline SVG (no style attributes: the CSP forbids them). */
function bar(c: StatusCounts): string {
  const colors: Record<Status, string> = { fail: '#b42318', unknown: '#d97706', warn: '#d4a72c', pass: '#1a7f37', skip: '#afb8c1' };
  let x = 0;
  const rects = STATUSES.map((s) => {
    const w = c.total === 0 ? 0 : (c[s] / c.total) * 100;
    const rect = w > 0 ? `<rect x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="10" fill="${colors[s]}"/>` : '';
    x += w;
    return rect;
  }).join('');
  return `<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="${c.fail} failed, ${c.unknown} unknown, ${c.warn} warnings, ${c.pass} passed, ${c.skip} skipped">${rects}</svg>`;
}

function countsCells(c: StatusCounts, attr: string): string {
  const cls: Partial<Record<Status, string>> = { fail: 'f', unknown: 'u', warn: 'w' };
  return STATUSES.map((s) => `<td class="num${c[s] > 0 && cls[s] ? ` ${cls[s]}` : ''}" data-${attr}-status="${s}">${c[s]}</td>`).join('');
}

const HEAD_CELLS =
  '<th class="num">Fail</th><th class="num">Unknown</th><th class="num">Warn</th><th class="num">Pass</th><th class="num">Skip</th>';

function productTable(report: Report): string {
  const rows = Object.entries(report.breakdown.byProduct)
    .map(([p, c]) => `<tr data-product-row="${esc(p)}"><td>${esc(p)}</td>${countsCells(c, 'p')}<td class="col-opt">${bar(c)}</td></tr>`)
    .join('');
  return `<div class="tablewrap"><table><thead><tr><th>Product</th>${HEAD_CELLS}<th class="col-opt">Share</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function safeguardTable(report: Report): string {
  const rows = Object.entries(report.breakdown.bySafeguard)
    .map(
      ([s, c]) =>
        `<tr data-safeguard-row="${esc(s)}"><td><code>§${esc(s)}</code><br>${esc(sectionName(s))}</td>${countsCells(c, 's')}<td class="col-opt">${bar(c)}</td></tr>`,
    )
    .join('');
  return `<div class="tablewrap"><table><thead><tr><th>45 CFR safeguard</th>${HEAD_CELLS}<th class="col-opt">Share</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function driftList(items: readonly DriftItem[], label: string): string {
  if (items.length === 0) return '';
  // Resolved and unverified items say what they were; an open one only when its status changed.
  const was = (d: DriftItem): string =>
    d.previousStatus && d.previousStatus !== d.status
      ? ` <span class="was">was ${STATUS_LABEL[d.previousStatus].toLowerCase()}</span>`
      : '';
  const li = items
    .map(
      (d) =>
        `<li data-drift-key="${esc(d.key)}">${d.status ? `<span class="badge ${d.status}">${STATUS_LABEL[d.status]}</span> ` : ''}<strong>${esc(d.title)}</strong>${was(d)}<br><code class="rid">${esc(d.id)}</code>${d.resource ? ` <code>${esc(d.resource)}</code>` : ''}</li>`,
    )
    .join('');
  return `<h3>${esc(label)}</h3><ul class="dl" data-drift-list="${esc(label)}">${li}</ul>`;
}

function driftSection(drift: Drift): string {
  const c = drift.counts;
  const card = (k: keyof Drift['counts'], cls: string, label: string): string =>
    `<div class="total ${cls}" data-drift="${k}"><span class="n">${c[k]}</span><span class="l">${label}</span></div>`;
  return `<section id="drift"><h2>Changes since the previous report</h2>
<p class="sub">Baseline: report of ${esc(fmtTime(drift.baseline.generatedAt))}, profile ${esc(drift.baseline.profile)}. A finding is the same finding when its rule, account and resource are the same.</p>
<div class="drift">${card('new', 'fail', 'New problems')}${card('resolved', 'pass', 'Resolved')}${card('unchanged', 'skip', 'Still open')}${card('unverified', 'unknown', 'Not re-checked')}</div>
${driftList(drift.new, 'New problems')}${driftList(drift.resolved, 'Resolved')}${driftList(drift.unverified, 'Open before, not re-checked this time (not counted as resolved)')}
${drift.unchanged.length > 0 ? `<details class="passes"><summary>${drift.unchanged.length} still open</summary><div class="plist">${driftList(drift.unchanged, 'Still open')}</div></details>` : ''}
</section>`;
}

function verdictBox(report: Report): string {
  const s = report.summary;
  if (s.exitCode === 1) {
    return `<div class="verdict fail" data-verdict="fail"><span class="dot"></span><div><strong>Not ready: ${s.fail} required check${s.fail === 1 ? '' : 's'} failed</strong><p>Fix the failures below before deploying. The deploy gate blocks on them.</p></div></div>`;
  }
  if (s.exitCode === 3 || s.exitCode === 2) {
    const [head, text] = report.accountChecked
      ? [
          `Cannot confirm: ${s.unknown} check${s.unknown === 1 ? '' : 's'} could not be verified`,
          'Unknown is never a pass. Resolve the unknowns below and run again.',
        ]
      : [
          'Cannot confirm: the Twilio account was not checked',
          "No credentials were given, so only the project was checked. Run again with the account's credentials for a complete report; unknown is never a pass.",
        ];
    return `<div class="verdict unknown" data-verdict="unknown"><span class="dot"></span><div><strong>${esc(head)}</strong><p>${esc(text)}</p></div></div>`;
  }
  return `<div class="verdict pass" data-verdict="pass"><span class="dot"></span><div><strong>All required checks passed</strong><p>${s.warn > 0 ? `${s.warn} recommendation${s.warn === 1 ? '' : 's'} to review below.` : 'No recommendations open.'}</p></div></div>`;
}

export function formatHtml(report: Report): string {
  const s = report.summary;
  const open = report.results.filter((r) => r.status === 'fail' || r.status === 'unknown' || r.status === 'warn');
  const closed = report.results.filter((r) => r.status === 'pass' || r.status === 'skip');
  const newKeys = new Set(report.drift?.new.map((d) => d.key));
  const keyOf = (r: ReportResult): string => `${r.id}|${r.account ?? ''}|${r.resource ?? ''}`;
  const openSorted = [...open].sort(
    (a, b) => STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status) || a.product.localeCompare(b.product) || a.id.localeCompare(b.id),
  );
  const products = Object.keys(report.breakdown.byProduct);
  const total = (st: Status): string =>
    `<div class="total ${st}" data-total="${st}"><span class="n">${s[st]}</span><span class="l">${STATUS_LABEL[st]}</span></div>`;
  const title = `HIPAA preflight report — ${report.account ?? 'project only'}`;

  const body = `<main>
<header>
<h1>HIPAA preflight report</h1>
<p class="sub">Twilio account and project checks mapped to the HIPAA Security Rule (45 CFR Part 164, Subpart C)</p>
<dl class="meta">
<div><dt>Account</dt><dd class="mono" data-meta="account">${esc(report.account ?? 'not checked (project only)')}</dd></div>
<div><dt>Run at</dt><dd data-meta="time"><time datetime="${esc(report.generatedAt)}">${esc(fmtTime(report.generatedAt))}</time></dd></div>
<div><dt>Profile</dt><dd data-meta="profile">${esc(report.profile)}</dd></div>
<div><dt>Tool</dt><dd>${esc(report.tool.name)} ${esc(report.tool.version)}</dd></div>
</dl>
</header>
${verdictBox(report)}
<div class="totals" aria-label="Totals">${STATUSES.map(total).join('')}</div>
${report.accountChecked || s.exitCode !== 1 ? '' : '<p class="notice warnbox"><strong>Project only.</strong> No Twilio credentials were given, so the account itself was not checked. Run again with the account\'s credentials for a complete report.</p>'}
<p class="notice" data-statement><strong>Evidence, not certification.</strong> ${esc(report.compliance.statement)}</p>
${report.drift ? driftSection(report.drift) : ''}
<section id="findings">
<h2>Needs attention</h2>
<form class="filters" aria-label="Filter findings">
<fieldset><legend>Status</legend>${STATUSES.map((st) => `<label class="chip"><input type="checkbox" data-filter-status value="${st}" checked> ${STATUS_LABEL[st]} (${s[st]})</label>`).join('')}</fieldset>
<label class="chip">Product <select id="filter-product" aria-label="Product"><option value="">All products</option>${products.map((p) => `<option value="${esc(p)}">${esc(p)}</option>`).join('')}</select></label>
<span class="count" id="shown-count" aria-live="polite"></span>
</form>
<div data-group="open">
${openSorted.map((r) => findingCard(report, r, newKeys.has(keyOf(r)))).join('\n')}
<p class="empty"${openSorted.length === 0 ? '' : ' hidden'}>${openSorted.length === 0 ? 'Nothing needs attention.' : 'No findings match the filter.'}</p>
</div>
<details class="passes" data-group="closed"><summary>Passed and skipped checks (<span data-visible-count>${closed.length}</span>)</summary>
<ul class="plist">${closed.map(passRow).join('')}</ul>
<p class="empty plist" hidden>No findings match the filter.</p>
</details>
</section>
<section id="by-product"><h2>Totals by product</h2>${productTable(report)}</section>
<section id="by-safeguard"><h2>Totals by HIPAA safeguard</h2>
<p class="sub">Each finding counts once under every Security Rule section its rule supports.</p>${safeguardTable(report)}</section>
<footer>
<p>${esc(report.compliance.statement)}</p>
<p>This report holds Twilio SIDs, masked numbers and fixed check texts only: no message bodies, names or full phone numbers. Generated by ${esc(report.tool.name)} ${esc(report.tool.version)}; exit code ${s.exitCode}.</p>
</footer>
</main>`;

  const csp = `default-src 'none'; style-src 'sha256-${sha256(CSS)}'; script-src 'sha256-${sha256(SCRIPT)}'; img-src data:; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light">
<title>${esc(title)}</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>
</head>
<body>
${body}
<script>${SCRIPT}</script>
</body>
</html>`;
}
