import { z } from 'zod';
import { requestedBySchema, sinceSchema } from '../domain/job-payloads';
import { syncOptionsSchema, syncTypeSchema } from '../services/sync/sync.types';
import { discoverRequestedEventSchema, listDeletedEventSchema, listItemEventSchema, listRefreshEventSchema } from './discovery-webhooks.controller';

const postType = z.enum(['movie', 'tv', 'drama', 'people', 'person', 'season', 'episode', 'drama-episode', 'video']);

/** The webhook events this sidecar version handles. */
export const webhookEventSchema = z.discriminatedUnion('event', [
  z.object({
    event: z.literal('sync.requested'),
    type: syncTypeSchema,
    tmdb_id: z.number().int().positive(),
    post_id: z.number().int().positive().optional(),
    options: syncOptionsSchema.optional(),
    requested_by: requestedBySchema,
  }),
  z.object({
    event: z.literal('settings.updated'),
    tmdb_api_key: z.string().max(512).optional(),
    // Still checked so the plugin's push is answered as before; the settings service drops them.
    auto_sync: z.boolean().optional(),
    sync_images: z.boolean().optional(),
    sync_videos: z.boolean().optional(),
    sync_credits: z.boolean().optional(),
    sync_seasons: z.boolean().optional(),
    language: z
      .string()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/)
      .optional(),
    watch_region: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
  }),
  z.object({ event: z.literal('post.deleted'), post_id: z.number().int().positive(), type: postType }),
  z.object({ event: z.literal('connection.test') }),
  z.object({
    event: z.literal('bulk.requested'),
    types: z.array(syncTypeSchema).min(1).optional(),
    limit: z.number().int().positive().optional(),
    options: syncOptionsSchema.optional(),
  }),
  z.object({ event: z.literal('changes.requested'), since: sinceSchema.optional() }),
  /** "Run now" on Tools → Sync activity: what a tick of the daily or weekly schedule does. */
  z.object({ event: z.literal('schedule.run'), name: z.enum(['daily', 'weekly']) }),
  discoverRequestedEventSchema,
  listRefreshEventSchema,
  listDeletedEventSchema,
  listItemEventSchema,
]);

export type WebhookEvent = z.infer<typeof webhookEventSchema>;
