/**
 * Text from a log (titles, orgs, topics) made safe to print on a terminal:
 * escape sequences (ESC … as in CSI, OSC) and other C0/C1 control characters
 * are removed, so a title cannot move the cursor, recolour or retitle the
 * reader's terminal. Line breaks and tabs become spaces.
 */
// ESC followed by a CSI (…final byte), an OSC/DCS/… string (… BEL or ST), or one more byte.
const ESCAPE_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /\u001b(?:\[[0-?]*[ -/]*[@-~]|[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[ -/]+[0-~]|[@-Z\\-_]?)/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export const terminalSafe = (text: string): string =>
  text
    .replace(ESCAPE_SEQUENCE, "")
    .replace(/[\t\n\r]/g, " ")
    .replace(CONTROL, "");
