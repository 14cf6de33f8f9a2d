/**
 * The only notebook script a page loads before interaction (a few hundred bytes): it waits for the
 * reader's first click on a notebook button, change of a control or backend, then loads the
 * runtime (notebook-ui.ts and, from it, the worker with tfjs, Plot, sucrase, CodeMirror) and hands
 * the action over. Nothing runs before that, and nothing is read from the URL.
 */
type Ui = typeof import('./notebook-ui.ts');

let ui: Promise<Ui> | null = null;

function loadUi(): Promise<Ui> {
  if (!ui) {
    const cells = document.querySelectorAll<HTMLElement>('[data-nb-cell]');
    for (const cell of cells) {
      const message = cell.querySelector('[data-nb-message]');
      if (message) message.textContent = cell.dataset.loadingText ?? '';
      cell.dataset.state = 'loading';
    }
    ui = import('./notebook-ui.ts');
    ui.catch((error: unknown) => {
      for (const cell of cells) {
        const message = cell.querySelector('[data-nb-message]');
        if (message) message.textContent = String(error);
      }
      ui = null; // let the next click try again
    });
  }
  return ui;
}

function forward(event: Event): void {
  const target = event.target instanceof Element ? event.target : null;
  const trigger = target?.closest('[data-nb-action], [data-nb-control], [data-nb-backend]');
  if (!trigger) return;
  if (event.type === 'click' && !trigger.matches('[data-nb-action]')) return;
  loadUi().then((module) => module.handle(event.type, trigger as HTMLElement));
}

document.addEventListener('click', forward);
document.addEventListener('input', forward);
document.addEventListener('change', forward);
