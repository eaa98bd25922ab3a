/**
 * Ids of the built-in price books, as `onetap bill quote --book` accepts them. Apart from
 * price-books.ts (which re-exports them) so the command's help names them without loading zod.
 */
export const builtInBookIds = ['onetap', 'aliyun-dypns', 'tencent'] as const;
export type BuiltInBookId = (typeof builtInBookIds)[number];

export function isBuiltInBookId(id: string): id is BuiltInBookId {
  return (builtInBookIds as readonly string[]).includes(id);
}
