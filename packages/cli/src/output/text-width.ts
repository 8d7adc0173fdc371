import stringWidth from "string-width";

/**
 * Terminal column widths with `string-width` (East Asian Width, emoji and ZWJ
 * sequences, combining marks, ANSI escapes ignored), and cutting and padding
 * that never split an escape sequence or a grapheme.
 */

/** Columns `text` takes in a terminal; ANSI escape sequences take none. */
export const displayWidth = (text: string): number => stringWidth(text);

// CSI sequences (colours, cursor moves: ESC [ … final byte) and OSC sequences
// (hyperlinks, titles: ESC ] … BEL or ESC \).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escape sequences
const ESCAPE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/y;
const RESET = "\u001b[0m";
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** Split text into escape sequences and visible graphemes, in order. */
const tokens = function* (text: string): Generator<{ escape: boolean; text: string }> {
  let plain = "";
  const flush = function* () {
    if (plain === "") return;
    for (const { segment } of graphemes.segment(plain)) yield { escape: false, text: segment };
    plain = "";
  };
  for (let i = 0; i < text.length; ) {
    ESCAPE.lastIndex = i;
    const match = text.charCodeAt(i) === 0x1b ? ESCAPE.exec(text) : null;
    if (match) {
      yield* flush();
      yield { escape: true, text: match[0] };
      i += match[0].length;
    } else {
      plain += text[i];
      i++;
    }
  }
  yield* flush();
};

/**
 * Cut text to at most `max` columns, marking the cut with "…". Escape sequences
 * are kept whole, and a cut that leaves one open is closed with a reset.
 */
export const truncateToWidth = (text: string, max: number): string => {
  if (displayWidth(text) <= max) return text;
  if (max < 1) return "";
  let out = "";
  let width = 0;
  let styled = false;
  for (const token of tokens(text)) {
    if (token.escape) {
      out += token.text;
      styled = true;
      continue;
    }
    const w = stringWidth(token.text);
    if (width + w > max - 1) break;
    out += token.text;
    width += w;
  }
  return `${out}…${styled ? RESET : ""}`;
};
