// Types for the CommonJS entry points of sucrase used by the runtime (the package ships types only
// for its main entry). The CommonJS build is used everywhere so that the transformer and the parser
// share one copy of the code in the browser bundle; its ESM build cannot be deep-imported in Node.
declare module 'sucrase/dist/index.js' {
  export function transform(
    code: string,
    options: {
      transforms: 'typescript'[];
      disableESTransforms?: boolean;
      filePath?: string;
      sourceMapOptions?: { compiledFilename: string };
    },
  ): { code: string; sourceMap?: { mappings: string } };
}

declare module 'sucrase/dist/parser/index.js' {
  export interface Token {
    start: number;
    end: number;
    isType: boolean;
    identifierRole: number | null;
  }
  export function parse(input: string, jsx: boolean, typescript: boolean, flow: boolean): { tokens: Token[] };
}

declare module 'sucrase/dist/parser/tokenizer/index.js' {
  export const IdentifierRole: { TopLevelDeclaration: number; ObjectShorthandTopLevelDeclaration: number };
}
