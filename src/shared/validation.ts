import { z } from 'zod';
import { AppError } from './errors';

/** Deepest nesting accepted in any request body. */
export const MAX_NESTING_DEPTH = 8;

/** Refuses values nested deeper than `maxDepth` (arrays and objects both count). */
export function assertNestingDepth(value: unknown, maxDepth = MAX_NESTING_DEPTH): void {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= maxDepth) {
      throw new AppError('invalid', `Request is nested deeper than ${maxDepth} levels`);
    }
    for (const child of Object.values(node)) stack.push({ node: child, depth: depth + 1 });
  }
}

/** Parses with a zod schema, turning failures into an `invalid` AppError listing each issue. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
  const summary = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
  throw new AppError('invalid', `Invalid ${what}: ${summary}`, { issues });
}
