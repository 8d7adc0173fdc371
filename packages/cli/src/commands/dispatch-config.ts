import { readFile } from "node:fs/promises";
import {
  createConsoleChannel,
  NOTIFICATION_KINDS,
  type NotificationChannel,
  ValidationError,
} from "@petitio/core";
import { z } from "zod";
import { InputError } from "../cli/errors.js";

/**
 * The operator's notification config (`petitio dispatch --config notify.json`):
 * which channels serve the outbox, where each sends, for which orgs. Secrets
 * are written as `"env:NAME"` and read from the environment, so the file can
 * be kept in version control. See docs/notifications.md.
 */

const route = z
  .strictObject({
    orgs: z.array(z.string().min(1)).optional(),
    kinds: z.array(z.enum(NOTIFICATION_KINDS)).optional(),
    roles: z.array(z.enum(["agency", "petitioner"])).optional(),
  })
  .optional();

const common = { id: z.string().min(1), route, timeoutMs: z.int().min(1).optional() };

const endpoint = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("signed"), url: z.url(), secret: z.string().min(1), ...common }),
  z.strictObject({
    type: z.literal("wecom"),
    key: z.string().min(1).optional(),
    url: z.url().optional(),
    msgtype: z.enum(["markdown", "text"]).optional(),
    ...common,
  }),
  z.strictObject({
    type: z.literal("dingtalk"),
    accessToken: z.string().min(1).optional(),
    url: z.url().optional(),
    secret: z.string().min(1),
    msgtype: z.enum(["markdown", "text"]).optional(),
    ...common,
  }),
  z.strictObject({
    type: z.literal("feishu"),
    hookId: z.string().min(1).optional(),
    url: z.url().optional(),
    secret: z.string().min(1).optional(),
    ...common,
  }),
]);

const configSchema = z.strictObject({
  timeZone: z.string().optional(),
  orgNames: z.record(z.string(), z.string()).optional(),
  maxAttempts: z.int().min(1).optional(),
  channels: z.strictObject({
    console: z.strictObject({}).optional(),
    webhook: z.strictObject({ endpoints: z.array(endpoint).min(1) }).optional(),
    email: z
      .strictObject({
        smtp: z.strictObject({
          host: z.string().min(1),
          port: z.int().min(1).max(65535).optional(),
          secure: z.boolean().optional(),
          ignoreTLS: z.boolean().optional(),
          auth: z.strictObject({ user: z.string(), pass: z.string() }).optional(),
        }),
        from: z.string().min(3),
        recipients: z
          .array(
            z.strictObject({
              id: z.string().min(1),
              to: z.array(z.string()).min(1),
              cc: z.array(z.string()).optional(),
              route,
            }),
          )
          .optional(),
        petitioners: z.boolean().optional(),
      })
      .optional(),
  }),
});

export type DispatchConfig = z.infer<typeof configSchema>;

/** Replace every `"env:NAME"` string with the variable's value; a missing one is an error. */
const withSecrets = (
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  path: string,
): unknown => {
  if (typeof value === "string" && value.startsWith("env:")) {
    const name = value.slice(4);
    const found = env[name];
    if (found === undefined || found === "") {
      throw new ValidationError("notification config", [
        { path, message: `environment variable ${name} is not set` },
      ]);
    }
    return found;
  }
  if (Array.isArray(value)) return value.map((v, i) => withSecrets(v, env, `${path}.${i}`));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, withSecrets(v, env, path ? `${path}.${k}` : k)]),
    );
  }
  return value;
};

export async function readDispatchConfig(
  file: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<DispatchConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? "no such file; check the path"
        : `not JSON: ${(error as Error).message}`;
    throw new InputError(file, reason);
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError(
      `notification config ${file}`,
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  return withSecrets(parsed.data, env, "") as DispatchConfig;
}

/** The channels a config names (the adapters are loaded only when used). */
export async function channelsFrom(
  config: DispatchConfig,
  write: (text: string) => void,
): Promise<{ channels: NotificationChannel[]; close(): void }> {
  const channels: NotificationChannel[] = [];
  const closers: (() => void)[] = [];
  const { console: onConsole, webhook, email } = config.channels;
  if (onConsole) channels.push(createConsoleChannel({ write: (text) => write(`${text}\n`) }));
  if (webhook) {
    const hooks = await import("@petitio/notify-webhook");
    const endpoints = webhook.endpoints.map(({ id, route: r, timeoutMs, ...e }) => {
      const parts =
        e.type === "signed"
          ? hooks.signedWebhook({ url: e.url, secret: e.secret })
          : e.type === "wecom"
            ? hooks.wecomRobot(e)
            : e.type === "dingtalk"
              ? hooks.dingtalkRobot(e)
              : hooks.feishuBot(e);
      return { id, ...parts, ...(r ? { route: r } : {}), ...(timeoutMs ? { timeoutMs } : {}) };
    });
    channels.push(hooks.createWebhookChannel({ endpoints }));
  }
  if (email) {
    const { createEmailChannel } = await import("@petitio/notify-email");
    const channel = createEmailChannel({
      transport: email.smtp,
      from: email.from,
      ...(email.recipients ? { recipients: email.recipients } : {}),
      ...(email.petitioners === undefined ? {} : { petitioners: email.petitioners }),
    });
    channels.push(channel);
    closers.push(() => channel.close());
  }
  return {
    channels,
    close: () => {
      for (const c of closers) c();
    },
  };
}
