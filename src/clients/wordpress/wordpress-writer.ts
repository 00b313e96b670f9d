import Bottleneck from 'bottleneck';
import type { Logger } from 'pino';
import { WordPressError } from '../../errors';
import type { WordPressClient } from './wordpress.client';
import type { BatchRequest, BatchResponse } from './wordpress.types';
import { refusedDuringSync } from './wordpress-credentials';

/**
 * Sends writes through `/batch/v1`, as many per request as WordPress allows.
 * An item that fails inside a batch is retried alone; if it fails again it is
 * reported alone, and the rest of the batch stands. A site without the batch
 * endpoint gets one request per write. Batches go out in parallel, at most
 * WP_BATCH_CONCURRENCY at once in the process, so WordPress can use more than one PHP worker.
 */
export class WordPressWriter {
  private readonly batches: Bottleneck;

  constructor(
    private readonly wp: WordPressClient,
    private readonly logger: Logger,
    batchConcurrency = 1,
  ) {
    this.batches = new Bottleneck({ maxConcurrent: batchConcurrency });
  }

  /** Answers in request order; throws the first item that failed twice, after every other item was written. */
  async writeAll(requests: BatchRequest[]): Promise<BatchResponse[]> {
    if (requests.length === 0) return [];
    const limit = await this.wp.batchLimit();
    const answers: BatchResponse[] = [];
    if (limit <= 1) {
      for (const request of requests) answers.push(await this.wp.single(request));
    } else {
      const chunks: BatchRequest[][] = [];
      for (let i = 0; i < requests.length; i += limit) chunks.push(requests.slice(i, i + limit));
      const answered = await Promise.all(chunks.map((chunk) => this.batches.schedule(() => this.wp.batch(chunk))));
      answers.push(...answered.flat());
    }
    let failure: WordPressError | null = null;
    for (let i = 0; i < requests.length; i += 1) {
      if (answers[i].status < 400) continue;
      if (isTermExists(answers[i])) continue;
      this.logger.warn({ path: requests[i].path, status: answers[i].status, code: errorCode(answers[i]) }, 'a batched WordPress write failed; retrying it alone');
      answers[i] = await this.wp.single(requests[i]);
      if (answers[i].status >= 400 && !isTermExists(answers[i])) failure ??= itemError(requests[i], answers[i]);
    }
    if (failure) throw failure;
    return answers;
  }
}

function errorCode(answer: BatchResponse): string | undefined {
  return (answer.body as { code?: string } | null)?.code;
}

/** WordPress answers a term create that lost a race with the existing term's id. */
export function isTermExists(answer: BatchResponse): boolean {
  return errorCode(answer) === 'term_exists' && existingTermId(answer) !== null;
}

export function existingTermId(answer: BatchResponse): number | null {
  const body = answer.body as { data?: { term_id?: number } } | null;
  return typeof body?.data?.term_id === 'number' ? body.data.term_id : null;
}

function itemError(request: BatchRequest, answer: BatchResponse): WordPressError {
  const body = (answer.body ?? {}) as { code?: string; message?: string };
  // A refusal names the sidecar's credentials and the capability, not the editor's permissions.
  if (answer.status === 401 || answer.status === 403) return refusedDuringSync(`${request.method} ${request.path}`, answer.status, body.code);
  const message = `WordPress ${request.method} ${request.path} failed (${answer.status}): ${body.code ?? 'error'}: ${body.message ?? ''}`;
  return new WordPressError(message.slice(0, 500), {
    status: answer.status,
    retryable: answer.status >= 500,
    cause: { code: body.code, status: answer.status },
  });
}
