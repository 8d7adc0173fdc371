import { PetitioError } from "../errors.js";

/**
 * A channel could not deliver a notification. `retryable` says whether the
 * same request may succeed later (a 503, a timeout, a reset connection) or
 * never will (a 400, a rejected address): the dispatcher retries the first
 * kind with backoff and dead-letters the second at once.
 */
export class DeliveryError extends PetitioError {
  readonly code = "DELIVERY_FAILED";
  constructor(
    message: string,
    readonly retryable: boolean,
    /** The receiver asked us to wait this long (an HTTP `Retry-After`, say). */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Any error as a retryable or permanent delivery error (unknown errors are retried). */
export const asDeliveryError = (error: unknown): DeliveryError => {
  if (error instanceof DeliveryError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DeliveryError(message, true, undefined, { cause: error });
};
