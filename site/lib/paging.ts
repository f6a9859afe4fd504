import { url } from './urls'

export const pageSize = 12

/** Page N (1-based) of a list whose first page is `<section>/` and later ones `<section>/page/N/`. */
export function pageOf<T>(items: T[], section: string, currentPage: number) {
  const lastPage = Math.max(1, Math.ceil(items.length / pageSize))
  const href = (n: number) => (n === 1 ? url(`${section}/`) : url(`${section}/page/${n}/`))
  return {
    data: items.slice((currentPage - 1) * pageSize, currentPage * pageSize),
    currentPage,
    lastPage,
    url: { prev: currentPage > 1 ? href(currentPage - 1) : undefined, next: currentPage < lastPage ? href(currentPage + 1) : undefined },
  }
}

/** getStaticPaths entries for pages 2…last. */
export function laterPages(count: number) {
  const lastPage = Math.max(1, Math.ceil(count / pageSize))
  return Array.from({ length: lastPage - 1 }, (_, i) => ({ params: { page: String(i + 2) } }))
}
