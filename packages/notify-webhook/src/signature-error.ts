import { PetitioError } from "@petitio/core";

/** A webhook request whose signature does not prove it came from the dispatcher. */
export class WebhookSignatureError extends PetitioError {
  readonly code = "WEBHOOK_SIGNATURE_INVALID";
  constructor(readonly reason: string) {
    super(`webhook signature rejected: ${reason}`);
  }
}
