/**
 * HTML for outputs and controls, one renderer for both places that show them: the build (Astro
 * inserts the string) and the browser (the notebook UI inserts it after a run). Text is escaped
 * here; figure HTML must already be sanitised by DOMPurify (the caller's `sanitize`).
 */
import type { CellOutput, ControlSpec, Lang } from './outputs.ts';

type Translate = (key: string, options?: Record<string, unknown>) => string;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

export function formatNumber(value: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'hu' ? 'hu-HU' : 'en-US', { maximumSignificantDigits: 6 }).format(value);
}

/** One output as HTML; `sanitize` is applied to figure HTML (identity for HTML sanitised at build). */
export function renderOutput(output: CellOutput, t: Translate, sanitize: (html: string) => string): string {
  switch (output.kind) {
    case 'html':
      return `<div class="nb-figure">${sanitize(output.html)}</div>`;
    case 'text':
      return `<pre class="nb-text">${escapeHtml(output.text)}</pre>`;
    case 'table': {
      const head = output.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
      const body = output.rows.map((row) => `<tr>${row.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`).join('');
      return `<div class="nb-table"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
    }
    case 'check': {
      const verdict = t(output.ok ? 'runtime.checkPassed' : 'runtime.checkFailed');
      const detail = output.detail ? ` <span class="nb-detail">(${escapeHtml(output.detail)})</span>` : '';
      return `<p class="nb-check ${output.ok ? 'nb-pass' : 'nb-fail'}" data-ok="${output.ok}"><span class="nb-verdict">${output.ok ? '✓' : '✗'} ${escapeHtml(verdict)}:</span> ${escapeHtml(output.label)}${detail}</p>`;
    }
    case 'error': {
      const where = output.line ? ` data-line="${output.line}" data-column="${output.column ?? ''}"` : '';
      return `<p class="nb-error" role="alert"${where}>${escapeHtml(output.message)}</p>`;
    }
  }
}

/** Structure of a control (everything but its value): the page redraws controls only when it changes. */
export function controlKey(spec: ControlSpec): string {
  const { value: _value, ...structure } = spec;
  return JSON.stringify(structure);
}

/** The controls of a cell as labelled form fields; `data-nb-control` is the control's index. */
export function renderControls(controls: ControlSpec[], lang: Lang): string {
  return controls
    .map((control, index) => {
      const label = `<span class="nb-control-label">${escapeHtml(control.label)}</span>`;
      const attrs = `data-nb-control="${index}" data-kind="${control.kind}" data-key="${escapeHtml(controlKey(control))}"`;
      if (control.kind === 'range') {
        return `<label class="nb-control">${label}<input type="range" ${attrs} min="${control.min}" max="${control.max}" step="${control.step}" value="${control.value}"><output>${escapeHtml(formatNumber(control.value, lang))}</output></label>`;
      }
      if (control.kind === 'select') {
        const options = control.options
          .map((option) => {
            const text = typeof option === 'number' ? formatNumber(option, lang) : option;
            const selected = String(option) === String(control.value) ? ' selected' : '';
            return `<option value="${escapeHtml(String(option))}"${selected}>${escapeHtml(text)}</option>`;
          })
          .join('');
        return `<label class="nb-control">${label}<select ${attrs}>${options}</select></label>`;
      }
      return `<label class="nb-control"><input type="checkbox" ${attrs}${control.value ? ' checked' : ''}>${label}</label>`;
    })
    .join('');
}
