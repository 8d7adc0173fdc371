/**
 * @petitio/notify-webhook: signed JSON webhooks and the WeCom, DingTalk and
 * Feishu group-robot formats, as a channel for the Petitio dispatcher.
 */
export {
  DINGTALK_RATE_LIMITS,
  type DingtalkRobotOptions,
  dingtalkFormat,
  dingtalkRobot,
} from "./dingtalk.js";
export {
  FEISHU_MAX_BODY_BYTES,
  FEISHU_RATE_LIMITS,
  type FeishuBotOptions,
  feishuBot,
  feishuFormat,
} from "./feishu.js";
export type { WebhookEndpoint, WebhookFormat, WebhookRequest } from "./format.js";
export { postJson, retryAfterMs } from "./post-json.js";
export {
  createReceiverHandler,
  type ReceivedWebhook,
  type ReceiverHandler,
  type ReceiverOptions,
  startWebhookReceiver,
  type WebhookReceiver,
} from "./receiver.js";
export { dingtalkSign, feishuSign } from "./robot-signing.js";
export { WebhookSignatureError } from "./signature-error.js";
export {
  type SignedWebhookOptions,
  signedJsonFormat,
  signedWebhook,
  webhookBody,
} from "./signed-json.js";
export {
  DEFAULT_REPLAY_WINDOW_SECONDS,
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  type VerifiedWebhook,
  type VerifyOptions,
  verifyWebhook,
} from "./signing.js";
export { truncateUtf8 } from "./truncate.js";
export { createWebhookChannel, type WebhookChannelOptions } from "./webhook-channel.js";
export {
  WECOM_MAX_CONTENT_BYTES,
  WECOM_RATE_LIMITS,
  type WecomRobotOptions,
  wecomFormat,
  wecomRobot,
} from "./wecom.js";
