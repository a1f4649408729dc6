import { outside, TEXT_LIMITS } from './text-limits.js';

/** The page's title, whole (at most 200 characters, or none), masked, then cut. */
export function htmlTitle(body: string, mask: (text: string) => string): string | undefined {
  const m = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(body.slice(0, 10_000));
  const title = m?.[1]?.trim().replace(/\s+/g, ' ');
  return title ? outside(title, mask, TEXT_LIMITS.title) : undefined;
}
