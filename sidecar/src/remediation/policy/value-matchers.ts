// Values in policies are exact, or regular expressions when they start with "~". Label and name patterns are
// anchored like PromQL's =~ ("~checkout-.*" matches the whole value); errorMatches searches within the text.
// A missing label reads as "", as in PromQL.

const compiled = new Map<string, RegExp>();

function regexOf(source: string, flags: string): RegExp {
  const key = `${flags}/${source}`;
  let regex = compiled.get(key);
  if (!regex) {
    regex = new RegExp(source, flags);
    compiled.set(key, regex);
  }
  return regex;
}

function isPattern(value: string): boolean {
  return value.startsWith('~');
}

/** The compile error of a "~regex" value (null when it compiles or is not a pattern). */
export function patternError(value: string): string | null {
  if (!isPattern(value)) {
    return null;
  }
  return regexError(`^(?:${value.slice(1)})$`, '');
}

/** The compile error of an unanchored, case-insensitive search pattern (errorMatches). */
export function searchPatternError(pattern: string): string | null {
  return regexError(pattern, 'i');
}

function regexError(source: string, flags: string): string | null {
  try {
    new RegExp(source, flags);
    return null;
  } catch (error) {
    // "Invalid regular expression: /^(?:checkout-()$/: Unterminated group" → "Unterminated group": the wrapper is ours.
    return (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  }
}

/** Exact, or the whole value matching "~regex". */
export function valueMatches(expected: string, actual: string | undefined): boolean {
  const value = actual ?? '';
  return isPattern(expected) ? regexOf(`^(?:${expected.slice(1)})$`, '').test(value) : expected === value;
}

/** Every matcher matches its label. */
export function labelsMatch(matchers: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(matchers).every(([name, expected]) => valueMatches(expected, labels[name]));
}

/** Case-insensitive search anywhere in the text (K8sGPT's error texts vary in case and wording). */
export function textMatches(pattern: string, text: string): boolean {
  return regexOf(pattern, 'i').test(text);
}
