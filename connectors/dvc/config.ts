import { z } from 'zod';

/** Configuration of one DVC (public-service portal) connection. `password` is a secret. */
export const DvcConfigSchema = z
  .object({
    baseUrl: z
      .string({ required_error: 'is required (the portal adapter root, e.g. https://dichvucong.example.gov.vn)' })
      .url('must be an http(s) URL, e.g. https://dichvucong.example.gov.vn'),
    username: z.string({ required_error: 'is required (the adapter account sent to /dvc/auth)' }).min(1, 'must not be empty'),
    password: z.string({ required_error: 'is required (the adapter account password)' }).min(1, 'must not be empty'),
    /** `madonvi`: the calling unit's agency code, sent with every call. */
    agencyCode: z
      .string({ required_error: 'is required: the calling unit\'s agency code (madonvi), e.g. 000.00.00.H06' })
      .regex(/^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/, 'must be an agency code written LLL.KK.JJ.Xnn, e.g. 000.00.00.H06'),
    /** First day to read from, `yyyy-MM-dd`, on the first run. */
    startDate: z
      .string({ required_error: 'is required: the first day of history to read, as yyyy-MM-dd' })
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written yyyy-MM-dd')
      .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'must be a real calendar date'),
    /** Days per listing window; the portal counts `total` per window. */
    windowDays: z.number().int('must be a whole number').min(1, 'must be at least 1').max(366, 'must be at most 366').default(31),
    /** Rows per page; the portal refuses more than 200. */
    pageSize: z.number().int('must be a whole number').min(1, 'must be at least 1').max(200, 'must be at most 200 (the portal refuses more)').default(100),
    /**
     * Minutes before the newest change already read (by the portal's own clock) that
     * every run reads again: records the portal commits late still get picked up.
     */
    lookbackMinutes: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(10_080, 'must be at most 10080 (a week)').default(60),
    timeoutMs: z.number().int('must be a whole number').min(100, 'must be at least 100').max(300_000, 'must be at most 300000').default(15_000),
    maxRetries: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(20, 'must be at most 20').default(5),
  })
  .strict();

export type DvcConfig = z.infer<typeof DvcConfigSchema>;
