/**
 * @petitio/notify-email: e-mail over SMTP (nodemailer) as a channel for the
 * Petitio dispatcher: text and HTML, per-org recipients, petitioner notices.
 */
export {
  createEmailChannel,
  type EmailChannelOptions,
  type EmailRecipientGroup,
} from "./email-channel.js";
export { smtpDeliveryError } from "./smtp-errors.js";
