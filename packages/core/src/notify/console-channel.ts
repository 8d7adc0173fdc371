import type { DeliveryTarget, NotificationChannel } from "./channel.js";
import type { Notification } from "./notification.js";

export interface ConsoleChannelOptions {
  /** Outbox channel name (default `console`). */
  name?: string;
  /** Where the lines go (default `console.log`). */
  write?: (text: string) => void;
}

/**
 * The console channel: each notice as a block of text, with its idempotency
 * key. For development and for deployments that read notices from the log.
 */
export function createConsoleChannel(options: ConsoleChannelOptions = {}): NotificationChannel {
  const write = options.write ?? ((text: string) => console.log(text));
  const target: DeliveryTarget = { id: "console" };
  return {
    name: options.name ?? "console",
    targets: () => [target],
    async send(notification: Notification) {
      write(
        `[${notification.kind} #${notification.id}] ${notification.message.subject}\n${notification.message.text}`,
      );
    },
  };
}
