import { z } from 'zod';

/** Glob patterns over tool names; deny wins over allow. A route's `toolFilter` and a rule's `tools`. */
export const toolFilterSchema = z.strictObject({
  allow: z.array(z.string()).optional(),
  deny: z.array(z.string()).optional(),
});
export type ToolFilterSpec = z.infer<typeof toolFilterSchema>;
