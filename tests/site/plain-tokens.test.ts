/** The plainTokens Shiki transformer: fewer spans, the same text, every coloured token kept. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeToHtml } from 'shiki';
import { plainTokens } from '../../src/lib/site/plain-tokens.ts';

const CODE = "const view = display(Plot.plot({ marks: [] }));\n// a comment\nlet x = [1, 2];";
const THEMES = { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' } as const;
const DEFAULT_SPAN = '<span style="--shiki-light:#0E1116;--shiki-dark:#F0F3F6">';

const highlight = (transformers = [plainTokens()]) => codeToHtml(CODE, { lang: 'ts', themes: THEMES, defaultColor: false, transformers });
const spans = (html: string) => html.match(/<span style="[^"]*">[^<]*<\/span>/g) ?? [];
const text = (html: string) => html.replace(/<[^>]+>/g, '');

test('spans that only repeat the default colours are gone; the text and the other spans are unchanged', async () => {
  const [plain, full] = await Promise.all([highlight(), highlight([])]);
  assert.ok(full.includes(DEFAULT_SPAN), 'without the transformer Shiki writes default-coloured spans');
  assert.ok(!plain.includes(DEFAULT_SPAN));
  assert.equal(text(plain), text(full));
  assert.deepEqual(spans(plain), spans(full).filter((span) => !span.startsWith(DEFAULT_SPAN)));
});

test('a span in the default colour that sets anything else (italics) is kept', async () => {
  const theme = (name: string, fg: string) => ({
    name,
    type: name as 'light' | 'dark',
    fg,
    bg: '#808080',
    tokenColors: [{ scope: 'comment', settings: { foreground: fg, fontStyle: 'italic' } }],
  });
  const html = await codeToHtml(CODE, { lang: 'ts', themes: { light: theme('light', '#111111'), dark: theme('dark', '#eeeeee') }, defaultColor: false, transformers: [plainTokens()] });
  assert.match(html, /<span style="[^"]*font-style:italic[^"]*">\/\/ a comment<\/span>/);
  assert.ok(!html.includes('<span style="--shiki-light:#111111;--shiki-dark:#EEEEEE">'), 'plain default-coloured spans are still dropped');
});

test('texts freed from adjacent spans are merged into one text node', async () => {
  const html = await highlight();
  assert.ok(html.includes('(Plot.'), 'punctuation and a plain identifier are one run of text');
});
