import { PetitioError } from "../errors.js";

/**
 * A line of a log longer than the reader's cap (`maxLineBytes`). The reader
 * drops its bytes as they come, so a hostile file without newlines cannot
 * fill memory; the line is then reported with its number.
 */
export class LogLineTooLongError extends PetitioError {
  readonly code = "LOG_LINE_TOO_LONG";
  constructor(
    /** 1-based line number. */
    readonly line: number,
    /** The cap in bytes, without the newline. */
    readonly maxLineBytes: number,
  ) {
    super(
      `line ${line}: longer than ${maxLineBytes} bytes, the most a log line may have (maxLineBytes)`,
    );
  }
  get field(): string {
    return "";
  }
}
