import {
  type DeliveryTarget,
  type Notification,
  type NotificationChannel,
  type NotificationRoute,
  NotifyConfigError,
  routeMatches,
} from "@petitio/core";
import { createTransport, type Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import { smtpDeliveryError } from "./smtp-errors.js";

/**
 * The e-mail channel: SMTP through nodemailer, each notice as plain text and
 * HTML. Staff notices (催办, 督办) go to the recipient groups whose route
 * takes them (per-org routing); a notice owed to the petitioner goes to the
 * petitioner's own address when the registration recorded one (never for an
 * anonymous petition: the engine writes no notice for those).
 *
 * Every message carries the outbox row id as `Idempotency-Key` and a
 * Message-ID built from it, so the same notice sent again after a crash is
 * recognisably the same message.
 */

export interface EmailRecipientGroup {
  /** Stable id, recorded in the log as the delivery target. */
  id: string;
  to: readonly string[];
  cc?: readonly string[];
  route?: NotificationRoute;
}

export interface EmailChannelOptions {
  /** Outbox channel name (default `email`). */
  name?: string;
  /** A nodemailer transporter, or SMTP options to make one (host, port, secure, auth). */
  transport: Transporter | SMTPTransport.Options;
  /** Sender, e.g. `"市信访局 <notice@xf.example.cn>"`. */
  from: string;
  recipients?: readonly EmailRecipientGroup[];
  /** Send notices owed to petitioners to their recorded address (default true). */
  petitioners?: boolean;
}

interface EmailTarget extends DeliveryTarget {
  to: string[];
  cc?: string[];
  /** True for a petitioner's own address: the salutation names them. */
  petitioner: boolean;
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

const isTransporter = (t: EmailChannelOptions["transport"]): t is Transporter =>
  typeof (t as Transporter).sendMail === "function";

const domainOf = (from: string): string => {
  const match = /@([^>\s]+)>?\s*$/.exec(from);
  return match?.[1] ?? "petitio.invalid";
};

export function createEmailChannel(
  options: EmailChannelOptions,
): NotificationChannel<EmailTarget> & { close(): void } {
  if (!options.from?.includes("@")) {
    throw new NotifyConfigError("from", `must be an e-mail address; got "${options.from ?? ""}"`);
  }
  const groups = options.recipients ?? [];
  const ids = new Set<string>();
  groups.forEach((group, i) => {
    if (!group.id) throw new NotifyConfigError(`recipients.${i}.id`, "is required");
    if (ids.has(group.id))
      throw new NotifyConfigError(`recipients.${i}.id`, `"${group.id}" is used twice`);
    ids.add(group.id);
    if (group.to.length === 0) throw new NotifyConfigError(`recipients.${i}.to`, "is empty");
    for (const [j, address] of [...group.to, ...(group.cc ?? [])].entries()) {
      if (!ADDRESS.test(address))
        throw new NotifyConfigError(`recipients.${i}.to.${j}`, `not an e-mail address: ${address}`);
    }
  });
  const transporter: Transporter = isTransporter(options.transport)
    ? options.transport
    : createTransport({
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
        ...options.transport,
      });
  const domain = domainOf(options.from);
  const toPetitioners = options.petitioners ?? true;

  return {
    name: options.name ?? "email",
    targets(notification: Notification) {
      const targets: EmailTarget[] = [];
      if (notification.recipient.role === "petitioner" && toPetitioners) {
        notification.petition.contacts.forEach((contact, i) => {
          // The log records the target: an index, never the address (personal data).
          if (contact.email && ADDRESS.test(contact.email))
            targets.push({ id: `petitioner-${i + 1}`, to: [contact.email], petitioner: true });
        });
      }
      for (const group of groups) {
        if (!routeMatches(group.route, notification)) continue;
        const target: EmailTarget = { id: group.id, to: [...group.to], petitioner: false };
        if (group.cc) target.cc = [...group.cc];
        targets.push(target);
      }
      return targets;
    },
    async send(notification, target) {
      const { message } = notification;
      try {
        await transporter.sendMail({
          from: options.from,
          to: target.to,
          ...(target.cc ? { cc: target.cc } : {}),
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: `<petitio.${notification.id}.${target.id}@${domain}>`,
          headers: {
            "Idempotency-Key": notification.id,
            "X-Petitio-Delivery-Key": notification.key,
          },
        });
      } catch (error) {
        // A petitioner's address never reaches the log, not even inside an SMTP reply.
        throw target.petitioner
          ? smtpDeliveryError(error, target.id, target.to)
          : smtpDeliveryError(error, target.to.join(", "));
      }
    },
    close: () => transporter.close(),
  };
}
