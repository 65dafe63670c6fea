import { z } from 'zod';

/** Configuration of one QLVB (document management) connection. `apiKey` is a secret. */
export const QlvbConfigSchema = z
  .object({
    baseUrl: z.string({ required_error: 'is required (the document system API root, e.g. https://qlvb.example.gov.vn)' }).url('must be an http(s) URL, e.g. https://qlvb.example.gov.vn'),
    apiKey: z.string({ required_error: 'is required (sent in the X-API-Key header)' }).min(1, 'must not be empty'),
    /** First day to read documents from, `yyyy-MM-dd`, on the first run. */
    startDate: z
      .string({ required_error: 'is required: the first day of history to read, as yyyy-MM-dd' })
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written yyyy-MM-dd')
      .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'must be a real calendar date'),
    /** Documents per listing page; the contract allows at most 500. */
    pageSize: z.number().int('must be a whole number').min(1, 'must be at least 1').max(500, 'must be at most 500 (the source refuses more)').default(200),
    timeoutMs: z.number().int('must be a whole number').min(100, 'must be at least 100 ms').max(300_000, 'must be at most 300000 ms').default(15_000),
    maxRetries: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(20, 'must be at most 20').default(5),
    /**
     * Minutes before the newest change already read (by the source's own clock) that
     * every run reads again: documents the source commits late still get picked up.
     */
    lookbackMinutes: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(10_080, 'must be at most 10080 (a week)').default(60),
    /** edXML package ids asked for per pending-list request (`top`). */
    packageBatch: z.number().int('must be a whole number').min(1, 'must be at least 1').max(500, 'must be at most 500').default(100),
  })
  .strict();

export type QlvbConfig = z.infer<typeof QlvbConfigSchema>;
