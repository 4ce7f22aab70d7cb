// Text as it enters Ledgerlink. PostgreSQL cannot store the NUL character in text or jsonb, and a lone
// UTF-16 surrogate is not a character at all (it would be stored as U+FFFD or refused deep inside a
// write); both are refused up front, naming the field. Everything else is normalised to Unicode NFC,
// so "Café" typed with a combining accent and "Café" typed precomposed are the same id and the same name.

export interface TextIssue {
  /** JSON pointer (RFC 6901) to the value, or to the key whose name is at fault. */
  path: string;
  message: string;
}

/** The character that keeps a string from being stored ("the NUL character (U+0000)"), if any. */
export function unstorableCharacter(s: string): string | undefined {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code === 0) return "the NUL character (U+0000)";
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return loneSurrogate(code);
    }
    if (code >= 0xdc00 && code <= 0xdfff) return loneSurrogate(code);
  }
  return undefined;
}

function loneSurrogate(code: number): string {
  return `a lone surrogate (U+${code.toString(16).toUpperCase()}), which is not Unicode text`;
}

export function hasLoneSurrogate(s: string): boolean {
  // With the u flag a surrogate pair is one code point, so \p{Cs} matches only the unpaired halves.
  return /\p{Cs}/u.test(s);
}

/** Why a string cannot be stored ("must not contain …"), or undefined when it can. */
export function textProblem(s: string): string | undefined {
  const found = unstorableCharacter(s);
  return found === undefined ? undefined : `must not contain ${found}`;
}

/**
 * Walks a parsed JSON value: every string and every object key is checked and normalised to NFC.
 * Returns the normalised copy and an issue for each value or key that cannot be stored.
 */
export function cleanText(value: unknown, path = ""): { value: unknown; issues: TextIssue[] } {
  const issues: TextIssue[] = [];
  const walk = (v: unknown, at: string): unknown => {
    if (typeof v === "string") {
      const problem = textProblem(v);
      if (problem) {
        issues.push({ path: at, message: problem });
        return v;
      }
      return v.normalize("NFC");
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, `${at}/${i}`));
    if (typeof v === "object" && v !== null) {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(v)) {
        const at2 = `${at}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
        const found = unstorableCharacter(key);
        if (found) {
          issues.push({ path: at2, message: `is a key that must not contain ${found}` });
          continue;
        }
        out[key.normalize("NFC")] = walk(inner, at2);
      }
      return out;
    }
    return v;
  };
  const cleaned = walk(value, path);
  return { value: cleaned, issues };
}
