/** CodeMirror 6 in TypeScript mode for a cell, loaded when the reader presses Edit. Shift+Enter runs. */
import { EditorView, basicSetup } from 'codemirror';
import { keymap } from '@codemirror/view';
import { Prec } from '@codemirror/state';
import { javascript } from '@codemirror/lang-javascript';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';

/**
 * Colours come from CSS variables (notebook.css) set for Starlight's light and dark themes, chosen
 * for at least 4.5:1 contrast on the page background; CodeMirror's default style assumes light.
 */
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.moduleKeyword, tags.operatorKeyword], color: 'var(--nb-hl-keyword)' },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: 'var(--nb-hl-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--nb-hl-number)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--nb-hl-comment)', fontStyle: 'italic' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: 'var(--nb-hl-function)' },
  { tag: [tags.typeName, tags.className], color: 'var(--nb-hl-type)' },
]);

export interface EditorOptions {
  parent: HTMLElement;
  code: string;
  /** Accessible name of the editor's text area. */
  label: string;
  onRun: () => void;
  onChange: () => void;
}

export function createEditor({ parent, code, label, onRun, onChange }: EditorOptions): EditorView {
  return new EditorView({
    doc: code,
    parent,
    extensions: [
      Prec.highest(keymap.of([{ key: 'Shift-Enter', run: () => (onRun(), true) }])),
      basicSetup,
      syntaxHighlighting(highlight),
      EditorView.lineWrapping,
      javascript({ typescript: true }),
      EditorView.contentAttributes.of({ 'aria-label': label }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange();
      }),
    ],
  });
}

/** Replaces the editor's whole text (Reset). */
export function setCode(view: EditorView, code: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } });
}
