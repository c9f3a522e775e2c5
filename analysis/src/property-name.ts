// The name of an ENV or ARG pair with quotes and escapes applied, as dockerfile-ast's Property.getValue
// gives it (read-properties.ts finds the pairs), and the leading-word search both use.
import { LF, SPACE, TAB } from './char-codes';

/** dockerfile-ast's findLeadingNonWhitespace over `[from, to)`: -1 when there is nothing, or an escape is followed by a word. */
export function leadingWord(text: string, from: number, to: number, escape: number): number {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB) continue;
    if (c !== escape) return i;
    let j = i + 1;
    while (j < to && (text.charCodeAt(j) === SPACE || text.charCodeAt(j) === TAB)) j++;
    if (j >= to || text.charCodeAt(j) !== LF) return -1;
    i = j;
  }
  return -1;
}

/** A pair's name with quotes and escapes applied (dockerfile-ast's Property.getValue); most names are plain. */
export function propertyName(raw: string, escapeChar: string): string {
  const first = raw[0];
  if (!raw.includes(escapeChar) && !raw.includes('\n') && first !== '"' && first !== "'" && first !== ' ' && first !== '\t') return raw;
  return unquotedValue(raw, escapeChar);
}

/** dockerfile-ast's Property.getValue, for the rare name that needs it. */
function unquotedValue(input: string, escapeChar: string): string {
  const leading = leadingWord(input, 0, input.length, escapeChar.charCodeAt(0));
  let escaped = leading > 0 && input[leading] === '#';
  let value = input.substring(leading);
  const first = value.charAt(0);
  const literal = first === "'" || first === '"';
  const inSingle = first === "'" && value.charAt(value.length - 1) === "'";
  let inDouble = false;
  if (first === '"') {
    for (let i = 1; i < value.length; i++) {
      if (value[i] === escapeChar) i++;
      else if (value[i] === '"' && i === value.length - 1) inDouble = true;
    }
  }
  if (inSingle || inDouble) value = value.substring(1, value.length - 1);
  let commentCheck = -1;
  let out = '';
  scan: for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === escapeChar) {
      if (i + 1 === value.length) {
        out += escapeChar;
        break;
      }
      const next = value[i + 1];
      if (next === ' ' || next === '\t') {
        for (let j = i + 2; j < value.length; j++) {
          const d = value[j];
          if (d === ' ' || d === '\t') continue;
          if (d === '\n') {
            escaped = true;
            i = j;
            continue scan;
          }
          if (!inDouble && !inSingle && !literal) {
            if (d === escapeChar) {
              out += next;
              i++;
            } else {
              out += next + d;
              i = j;
            }
            continue scan;
          }
          break;
        }
      }
      if (inDouble) {
        if (next === '\n') {
          escaped = true;
          i++;
        } else if (next !== '"') {
          if (next === escapeChar) i++;
          out += escapeChar;
        }
      } else if (inSingle || literal) {
        if (next === '\n') {
          escaped = true;
          i++;
        } else {
          out += escapeChar;
        }
      } else if (next === escapeChar) {
        out += escapeChar;
        i++;
      } else if (next === '\n') {
        escaped = true;
        i++;
      } else {
        out += next;
        i++;
      }
      continue;
    }
    if (c === ' ' || c === '\t') {
      if (escaped && commentCheck === -1) commentCheck = i;
      out += c;
    } else if (c === '\n') {
      if (escaped && commentCheck !== -1) {
        out = out.substring(0, out.length - (i - commentCheck - 1));
        commentCheck = -1;
      }
    } else if (c === '#' && escaped) {
      if (commentCheck !== -1) {
        out = out.substring(0, out.length - (i - commentCheck));
        commentCheck = -1;
      }
      const newline = value.indexOf('\n', i + 1);
      if (newline !== -1) i = newline;
    } else {
      if (escaped) {
        escaped = false;
        commentCheck = -1;
      }
      out += c;
    }
  }
  return out;
}
