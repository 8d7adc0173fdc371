import { PetitioError } from "../errors.js";

/** A date the calendar's data does not cover, or a calendar that cannot answer: we refuse to guess. */
export class CalendarRangeError extends PetitioError {
  readonly code = "CALENDAR_OUT_OF_RANGE";
  constructor(
    readonly date: string,
    readonly calendar: string,
    readonly reason: string,
  ) {
    super(`${calendar} calendar: ${date}: ${reason}`);
  }
}
