/** CodeMirror 6 in TypeScript mode for a cell, loaded when the reader presses Edit. Shift+Enter runs. */
import { EditorView, basicSetup } from 'codemirror';
import { keymap } from '@codemirror/view';
import { Prec } from '@codemirror/state';
import { javascript } from '@codemirror/lang-javascript';

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
