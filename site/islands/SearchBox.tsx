/**
 * Search island: Pagefind's index is built next to the pages after each
 * district build, so search runs entirely in the browser with no server.
 */
import { useEffect, useRef, useState } from 'react'

type Result = { url: string; title: string; excerpt: string }
type Pagefind = {
  init: () => Promise<void>
  mergeIndex: (bundlePath: string) => Promise<void>
  debouncedSearch: (term: string, options?: object, ms?: number) => Promise<{ results: { data: () => Promise<{ url: string; meta: { title?: string }; excerpt: string }> }[] } | null>
}

/** `mergeBundles`: the indexes of the sites below this one (a 区 site searches its 街道' pages through them). */
export default function SearchBox({ bundlePath, mergeBundles = [] }: { bundlePath: string; mergeBundles?: string[] }) {
  const pagefind = useRef<Promise<Pagefind> | null>(null)
  const input = useRef<HTMLInputElement>(null)
  const [term, setTerm] = useState('')
  const [results, setResults] = useState<Result[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  const load = () =>
    (pagefind.current ??= import(/* @vite-ignore */ `${bundlePath}pagefind.js`).then(async (module: Pagefind) => {
      for (const bundle of mergeBundles) await module.mergeIndex(bundle)
      await module.init()
      return module
    }))

  // Whatever was typed before hydration, or ?q= from a shared link, is searched at once.
  useEffect(() => {
    const typed = input.current?.value || new URLSearchParams(window.location.search).get('q') || ''
    if (input.current && !input.current.value) input.current.value = typed
    setTerm(typed)
  }, [])

  useEffect(() => {
    if (!term.trim()) {
      setResults(null)
      return
    }
    let cancelled = false
    load()
      .then((pf) => pf.debouncedSearch(term.trim(), {}, 200))
      .then(async (search) => {
        if (!search || cancelled) return
        const data = await Promise.all(search.results.slice(0, 20).map((r) => r.data()))
        if (!cancelled) setResults(data.map((d) => ({ url: d.url, title: d.meta.title ?? d.url, excerpt: d.excerpt })))
      })
      .catch(() => !cancelled && setError('搜索索引加载失败，请稍后重试。'))
    return () => {
      cancelled = true
    }
  }, [term])

  return (
    <div className="search">
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="search-input">搜索本站内容</label>
        <input id="search-input" ref={input} type="search" name="q" defaultValue="" onInput={(e) => setTerm(e.currentTarget.value)} autoComplete="off" style={{ display: 'block', width: '100%', fontSize: '1.1rem', padding: '0.5rem', marginTop: '0.25rem' }} />
      </form>
      <div aria-live="polite">
        {error && <p>{error}</p>}
        {results && <p>{results.length === 0 ? '没有找到相关内容。' : `找到 ${results.length} 条结果：`}</p>}
        {results && results.length > 0 && (
          <ol className="list">
            {results.map((r) => (
              <li key={r.url} className="search-result" data-search-result>
                <a href={r.url}>{r.title}</a>
                {/* Pagefind's excerpt is escaped text with <mark> around matches. */}
                <p dangerouslySetInnerHTML={{ __html: r.excerpt }} />
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  )
}
