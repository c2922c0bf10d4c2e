/** The links between the pages of a list, as templates/partials/paging.html shows them. */
export interface Paging {
  /** « Page 2 sur 7 ». */
  text: string;
  first: string | null;
  previous: string | null;
  next: string | null;
  last: string | null;
}

/**
 * The paging of page `page` of `pages`, or null when everything fits on one. `ends`: links to the
 * first and last pages too, for lists long enough to want them.
 */
export function paging(page: number, pages: number, link: (page: number) => string, ends = false): Paging | null {
  if (pages <= 1) return null;
  return {
    text: `Page ${page} sur ${pages}`,
    first: ends && page > 2 ? link(1) : null,
    previous: page > 1 ? link(page - 1) : null,
    next: page < pages ? link(page + 1) : null,
    last: ends && page < pages - 1 ? link(pages) : null,
  };
}
