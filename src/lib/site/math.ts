/** Whether a page's source has remark-math syntax (`$...$` inline or `$$` blocks). */
export function hasMath(source: string): boolean {
  return /\$\$|\$[^$\s][^$\n]*\$/.test(source);
}
