import pino, { Logger } from 'pino';
import { redactText } from './redact';

export type { Logger };

const REDACT_PATHS = [
  'api_key',
  '*.api_key',
  'apiKey',
  '*.apiKey',
  'authorization',
  'Authorization',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'password',
  '*.password',
  'appPassword',
  '*.appPassword',
  'secret',
  '*.secret',
  'webhookSecret',
  '*.webhookSecret',
];

export interface LoggerOptions {
  level?: string;
  secrets?: string[];
  destination?: pino.DestinationStream;
}

/** pino with secret redaction by key, plus scrubbing of known secret values and URL keys in messages. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = options.secrets ?? [];
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? redactText(a, secrets) : a));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      formatters: {
        log(object) {
          return JSON.parse(redactText(JSON.stringify(object), secrets)) as Record<string, unknown>;
        },
      },
    },
    options.destination ?? pino.destination(2),
  );
}
