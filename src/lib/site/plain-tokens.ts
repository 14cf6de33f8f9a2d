/**
 * A Shiki transformer that drops the token spans which only repeat the code block's default
 * colours. Shiki wraps every token in a span with its colour in each theme; punctuation and plain
 * identifiers get the block's own foreground, so their spans change nothing on screen but are DOM
 * elements for style and layout to process (about 1 800 on the explainer page). Their text goes
 * straight into the line, which shows the block's foreground; adjacent texts are merged.
 */
import type { ShikiTransformer } from 'shiki';
import type { Element, ElementContent } from 'hast';

/** A `style` attribute's declarations, names and values lower-cased: `--shiki-light:#0E1116` -> ['--shiki-light', '#0e1116']. */
function declarations(style: unknown): Map<string, string> {
  const pairs = String(style ?? '')
    .split(';')
    .map((declaration) => declaration.split(':').map((part) => part.trim().toLowerCase()))
    .filter((pair): pair is [string, string] => pair.length === 2 && pair[0] !== '' && pair[1] !== '');
  return new Map(pairs);
}

/** A span that sets nothing but what the block already sets, to the same values. */
function repeatsDefaults(node: ElementContent, defaults: Map<string, string>): node is Element {
  if (node.type !== 'element' || node.tagName !== 'span') return false;
  const { style, ...others } = node.properties;
  const own = declarations(style);
  return Object.keys(others).length === 0 && own.size > 0 && [...own].every(([name, value]) => defaults.get(name) === value);
}

/** The line's children with default-coloured spans replaced by their text, adjacent texts joined. */
function plainLine(children: ElementContent[], defaults: Map<string, string>): ElementContent[] {
  const merged: ElementContent[] = [];
  for (const node of children.flatMap((child) => (repeatsDefaults(child, defaults) ? child.children : [child]))) {
    const previous = merged.at(-1);
    if (node.type === 'text' && previous?.type === 'text') previous.value += node.value;
    else merged.push(node);
  }
  return merged;
}

/** The transformer; pass it in `<Code transformers={[plainTokens()]} />`. */
export function plainTokens(): ShikiTransformer {
  return {
    name: 'plain-tokens',
    pre(pre) {
      const defaults = declarations(pre.properties.style);
      for (const line of this.lines) line.children = plainLine(line.children, defaults);
    },
  };
}
