/**
 * The timeline page's stylesheet (inline, no web fonts): one column of pod panels, side by side
 * for a version comparison on wide screens; every wide thing (the lanes, the tables) scrolls
 * inside its own box so the page itself never scrolls sideways on a phone; a focus ring on every
 * marker and link; the marker tooltip.
 */
export const PAGE_STYLE = [
  '*{box-sizing:border-box}',
  'body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;margin:0;padding:16px;color:#111;background:#fff;font-size:14px;line-height:1.4}',
  'h1{font-size:20px;margin:0 0 8px;overflow-wrap:anywhere}',
  'h2{font-size:16px;margin:0 0 8px;overflow-wrap:anywhere}',
  'h3{font-size:13px;margin:14px 0 6px;color:#333}',
  '.diff{color:#8d2a1c;font-weight:bold;overflow-wrap:anywhere}',
  '.conn{display:inline-block;margin:0 0 8px;padding:2px 10px;border-radius:10px;font-size:12px;background:#eceff1}',
  '.conn[data-state="live"]{background:#d7ecd9;color:#1b5e20}',
  '.conn[data-state="disconnected"]{background:#fbe3e0;color:#8d2a1c;font-weight:bold}',
  '.panels{display:grid;grid-template-columns:minmax(0,1fr);gap:24px}',
  '@media (min-width:900px){.panels.compare{grid-auto-flow:column;grid-auto-columns:minmax(0,1fr)}}',
  '.panel{min-width:0;border:1px solid #d0d7de;border-radius:6px;padding:12px;content-visibility:auto;contain-intrinsic-size:auto 900px}',
  '.ver{font-weight:normal;color:#555;font-size:13px}',
  '.scroll,.lanes{overflow-x:auto;max-width:100%}',
  '.lanes{border:1px solid #eee;margin:8px 0}',
  '.lanes svg{display:block}',
  'table{border-collapse:collapse;font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12px}',
  'th,td{text-align:left;padding:2px 12px 2px 0;vertical-align:top;white-space:nowrap}',
  'td.msg{white-space:normal;min-width:16em}',
  'th{color:#555;font-weight:normal}',
  '.badges,.containers{list-style:none;margin:8px 0;padding:0;display:flex;flex-wrap:wrap;gap:6px}',
  '.badge{padding:1px 8px;border-radius:10px;font-size:12px;border:1px solid #ccc;background:#f6f8fa}',
  '.badge.s-True{background:#d7ecd9;border-color:#8bc34a}',
  '.badge.s-False{background:#fbe3e0;border-color:#e0605a}',
  '.badge.phase{font-weight:bold;background:#e3f0fb;border-color:#8ec1ea}',
  '.panel.deleted{border-style:dashed;background:#fafafa}',
  '.panel.deleted>:not(.badges){opacity:.75}',
  '.badge.deleted{font-weight:bold;background:#fbe3e0;border-color:#e0605a;color:#8d2a1c}',
  '.containers li{border:1px solid #e3e3e3;border-radius:4px;padding:1px 6px}',
  '.kind{color:#6a1b9a;font-size:12px}',
  'tr.Warning td{color:#8d2a1c}',
  'a:focus-visible,[data-marker]:focus-visible,.lanes:focus-visible{outline:3px solid #1565c0;outline-offset:2px}',
  '[data-marker]{cursor:help}',
  '#tip{position:fixed;z-index:10;max-width:min(360px,calc(100vw - 16px));background:#111;color:#fff;padding:6px 8px;border-radius:4px;font-size:12px;pointer-events:none;overflow-wrap:anywhere}',
  '#tip b{display:block}',
].join('');
