/** A bilingual admin label: Chinese first (the admin's default), English beside it. */
export const t = (zh: string, en: string) => ({ zh, en })
