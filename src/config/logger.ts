import pino, { Logger } from 'pino';
import pinoPretty from 'pino-pretty';
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

export type LogFormat = 'auto' | 'json' | 'pretty';

export interface LoggerOptions {
  level?: string;
  secrets?: string[];
  /** auto (default): readable lines when the log stream (stderr) is a terminal, JSON otherwise. */
  format?: LogFormat;
  /** Whether the log stream is a terminal; defaults to stderr's isTTY (false with a destination). */
  isTty?: boolean;
  destination?: pino.DestinationStream;
}

/** JSON for machines (a pipe, a file, Docker's log driver); readable lines for a person at a terminal. */
export function chooseLogFormat(format: LogFormat = 'auto', isTty: boolean = process.stderr.isTTY === true): 'json' | 'pretty' {
  if (format !== 'auto') return format;
  return isTty ? 'pretty' : 'json';
}

/** One line per record: time, level, message, then the record's fields (no pid or hostname). */
function prettyStream(fd: number | pino.DestinationStream, colorize: boolean): pino.DestinationStream {
  return pinoPretty({
    destination: fd,
    sync: true,
    colorize,
    hideObject: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
    messageFormat: (record, messageKey) => readableLine(record, messageKey),
  });
}

const HIDDEN_FIELDS = new Set(['level', 'time', 'pid', 'hostname']);

/** Control characters (C0, DEL, C1): TMDb text in a line must not move the cursor or recolour a terminal. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** The message, then each field as key=value (plain words as they are, anything else in JSON). */
function readableLine(record: Record<string, unknown>, messageKey = 'msg'): string {
  const fields = Object.entries(record)
    .filter(([key, value]) => key !== messageKey && !HIDDEN_FIELDS.has(key) && value !== undefined && value !== null)
    .map(([key, value]) => `${key}=${typeof value === 'string' && /^[\w.:/@+%[\]-]+$/.test(value) ? value : JSON.stringify(value)}`);
  const raw = typeof record[messageKey] === 'string' ? record[messageKey] : '';
  const message = raw.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return (fields.length ? `${message} ${fields.join(' ')}` : message).replace(CONTROL, '');
}

/** pino with secret redaction by key, plus scrubbing of known secret values and URL keys in messages. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = options.secrets ?? [];
  // A stream passed in (tests, captures) is not a terminal unless the caller says so.
  const format = chooseLogFormat(options.format, options.isTty ?? (options.destination ? false : process.stderr.isTTY === true));
  // Redaction happens in pino before the prettifier sees a record: both formats print the same fields.
  const stream =
    format === 'pretty' ? prettyStream(options.destination ?? 2, !options.destination && process.stderr.isTTY === true) : (options.destination ?? pino.destination(2));
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
    stream,
  );
}
