/**
 * A dictionary of strings: each distinct string gets a small number once,
 * so a column of repeated values (orgs, categories, topics, stages) holds
 * numbers in a typed array instead of a string reference per row, which the
 * collector would otherwise visit on every full mark. Code 0 is `null`.
 */
export class StringCodes<T extends string = string> {
  private readonly codes = new Map<string, number>();
  private readonly texts: (T | null)[] = [null];

  /** The code of `text` (a new one the first time it is seen); 0 for null. */
  codeOf(text: T | null): number {
    if (text === null) return 0;
    let code = this.codes.get(text);
    if (code === undefined) {
      code = this.texts.length;
      this.codes.set(text, code);
      this.texts.push(text);
    }
    return code;
  }

  /** The string of a code given by `codeOf`. */
  textOf(code: number): T | null {
    return this.texts[code] ?? null;
  }
}
