import { z } from 'zod';

/** Configuration of one MCĐT (one-stop-shop) connection. `apiKey` is a secret. */
export const McdtConfigSchema = z
  .object({
    baseUrl: z.string({ required_error: 'is required (the one-stop-shop API root, e.g. https://motcua.example.gov.vn)' }).url('must be an http(s) URL, e.g. https://motcua.example.gov.vn'),
    apiKey: z.string({ required_error: 'is required (sent in the ApiKey header)' }).min(1, 'must not be empty'),
    /** First day to read dossiers from, `yyyy-MM-dd`, on the first run. */
    startDate: z
      .string({ required_error: 'is required: the first day of history to read, as yyyy-MM-dd' })
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written yyyy-MM-dd')
      .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'must be a real calendar date'),
    /** Days per listing window; smaller windows mean smaller checkpoints. */
    windowDays: z.number().int('must be a whole number').min(1, 'must be at least 1').max(366, 'must be at most 366').default(31),
    /** Rows per page; the contract allows at most 500. */
    pageSize: z.number().int('must be a whole number').min(1, 'must be at least 1').max(500, 'must be at most 500 (the source refuses more)').default(200),
    /**
     * Days before the day of the newest change already read (by the source's own
     * clock) that every run reads again: records the source commits late still get
     * picked up.
     */
    lookbackDays: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(31, 'must be at most 31').default(1),
    /** Rows of the previous page re-read to detect records shifting between pages. */
    pageOverlap: z.number().int().min(0).max(100).default(10),
    timeoutMs: z.number().int().min(100).max(300_000).default(15_000),
    maxRetries: z.number().int().min(0).max(20).default(5),
  })
  .strict();

export type McdtConfig = z.infer<typeof McdtConfigSchema>;
