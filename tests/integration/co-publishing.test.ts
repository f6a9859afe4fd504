/**
 * Co-publishing (信息报送): a 街道's published item submitted to its 区, accepted
 * or declined by the 区's editors, withdrawn by the 街道 or by unpublishing it.
 * The flow runs through REST as real logged-in users (the cast: tests/helpers/coPublishingCast.ts);
 * the sites built from it: tests/e2e/co-publishing-sites.test.ts.
 */
import { describe, expect, it } from 'vitest'

import { as, cms, district, news, record, step, submit, text, useCoPublishingCast } from '../helpers/coPublishingCast'

useCoPublishingCast()

describe('submitting (报送)', () => {
  it('a 街道 writer submits a published item to the parent 区, logged with who and when', async () => {
    const item = await news(district.xinhong, '新虹街道报送新闻')
    const id = await submit('xinhongWriter', item)
    const doc = await record(id)
    expect(doc.state).toBe('submitted')
    expect(doc.origin).toBe(district.xinhong)
    expect(doc.target).toBe(district.minhang)
    expect(doc.title).toBe(item.title)
    expect(doc.itemKey).toBe(`news:${item.id}`)
    expect(doc.log!.map((e) => [e.action, e.state, e.byName])).toEqual([['报送', '待接收', 'xinhongWriter-name']])
    expect(doc.submittedAt).toBeTruthy()
  })

  it('refuses a draft, a 区’s own item (no parent), another district’s item and a second submission', async () => {
    const draft = await news(district.xinhong, '新虹街道草稿', 'draft')
    const drafted = await as.xinhongWriter.post('/co-publications', { item: { relationTo: 'news', value: draft.id } })
    expect(drafted.status).toBe(400)
    expect(text(drafted)).toContain('只有已发布的内容可以报送')

    const own = await news(district.minhang, '闵行区新闻不能报送')
    const top = await as.minhangEditor.post('/co-publications', { item: { relationTo: 'news', value: own.id } })
    expect(top.status).toBe(400)
    expect(text(top)).toContain('没有上级区域')

    const item = await news(district.xinhong, '新虹街道新闻，静安区不能代报')
    const foreign = await as.jinganEditor.post('/co-publications', { item: { relationTo: 'news', value: item.id } })
    expect(foreign.status).toBe(400)
    expect(text(foreign)).toContain('只有新虹街道的撰稿人和编辑可以报送')

    await submit('xinhongEditor', item)
    const again = await as.xinhongWriter.post('/co-publications', { item: { relationTo: 'news', value: item.id } })
    expect(again.status).toBe(400)
    expect(text(again)).toContain('该内容已有报送记录（待接收）')
  })

  it('the origin cannot submit straight into “accepted”, nor forge the target', async () => {
    const item = await news(district.xinhong, '新虹街道想直接采用')
    const res = await as.xinhongEditor.post('/co-publications', { item: { relationTo: 'news', value: item.id }, state: 'accepted' })
    expect(res.status).toBe(400)
    expect(text(res)).toContain('只有接收单位（闵行区）的区域编辑可以采用')
    const forged = await as.xinhongWriter.post('/co-publications', {
      item: { relationTo: 'news', value: item.id },
      target: district.jingan,
    })
    expect(forged.status, text(forged)).toBe(201)
    expect((await record(forged.body.doc.id)).target).toBe(district.minhang)
  })
})

describe('deciding (采用 / 不予采用)', () => {
  it('only the parent 区’s editors decide: not the 街道’s editor, not a 区 writer, not another 区', async () => {
    const item = await news(district.xinhong, '待闵行区决定的新闻')
    const id = await submit('xinhongWriter', item)

    const own = await step('xinhongEditor', id, { state: 'accepted' }, 400)
    expect(text(own)).toContain('只有接收单位（闵行区）的区域编辑可以采用或不予采用')
    const writer = await step('minhangWriter', id, { state: 'accepted' }, 400)
    expect(text(writer)).toContain('只有接收单位（闵行区）的区域编辑')
    // 静安区's editor cannot even see the record.
    const other = await as.jinganEditor.patch(`/co-publications/${id}`, { state: 'accepted' })
    expect([403, 404]).toContain(other.status)
    expect([403, 404]).toContain((await as.jinganEditor.get(`/co-publications/${id}`)).status)
    expect((await record(id)).state).toBe('submitted')

    await step('minhangEditor', id, { state: 'accepted' })
    const doc = await record(id)
    expect(doc.state).toBe('accepted')
    expect(doc.decidedAt).toBeTruthy()
    expect(doc.log!.map((e) => [e.action, e.byName])).toEqual([
      ['报送', 'xinhongWriter-name'],
      ['采用', 'minhangEditor-name'],
    ])
  })

  it('declining needs a reason, which is kept; the origin may then resubmit', async () => {
    const item = await news(district.xinhong, '将被不予采用的新闻')
    const id = await submit('xinhongWriter', item)
    const noReason = await step('minhangEditor', id, { state: 'declined' }, 400)
    expect(text(noReason)).toContain('不予采用时请填写理由')
    await step('minhangEditor', id, { state: 'declined', declineReason: '与区级报道重复' })
    let doc = await record(id)
    expect(doc.state).toBe('declined')
    expect(doc.declineReason).toBe('与区级报道重复')
    expect(doc.log!.at(-1)).toMatchObject({ action: '不予采用', note: '与区级报道重复' })

    // The origin cannot overrule the decision, but can submit again.
    await step('xinhongEditor', id, { state: 'accepted' }, 400)
    await step('xinhongWriter', id, { state: 'submitted' })
    doc = await record(id)
    expect(doc.state).toBe('submitted')
    expect(doc.declineReason).toBeNull()
    expect(doc.log!.at(-1)).toMatchObject({ action: '重新报送' })
  })

  it('anonymous readers see accepted records only, without the log or reasons', async () => {
    const res = await as.anonymous.get('/co-publications?limit=100&depth=0')
    expect(res.status, text(res)).toBe(200)
    expect(res.body.docs.length).toBeGreaterThan(0)
    for (const doc of res.body.docs) {
      expect(doc.state).toBe('accepted')
      // (Payload leaves a read-protected array as [], the records themselves have entries.)
      expect(doc.log ?? []).toEqual([])
      expect((await record(doc.id)).log!.length).toBeGreaterThan(0)
      expect(doc).not.toHaveProperty('submittedBy')
      expect(doc).not.toHaveProperty('decidedBy')
    }
    const declined = await as.anonymous.get('/co-publications?where[state][equals]=declined')
    expect(declined.body.docs).toEqual([])
  })

  it('only admins delete records', async () => {
    const item = await news(district.xinhong, '不能删除的报送记录')
    const id = await submit('xinhongWriter', item)
    expect((await as.minhangEditor.delete(`/co-publications/${id}`)).status).toBe(403)
    expect((await as.xinhongEditor.delete(`/co-publications/${id}`)).status).toBe(403)
    expect((await as.admin.delete(`/co-publications/${id}`)).status).toBe(200)
  })
})

describe('withdrawing (撤回)', () => {
  it('the origin withdraws; the parent cannot withdraw for it when it is not the origin’s', async () => {
    const item = await news(district.xinhong, '将被撤回的新闻')
    const id = await submit('xinhongWriter', item)
    await step('minhangEditor', id, { state: 'accepted' })
    await step('xinhongWriter', id, { state: 'withdrawn' })
    expect((await record(id)).state).toBe('withdrawn')
    expect((await record(id)).log!.at(-1)).toMatchObject({ action: '撤回报送', byName: 'xinhongWriter-name' })
    // A withdrawn record cannot be accepted; only resubmitted.
    await step('minhangEditor', id, { state: 'accepted' }, 400)
  })

  it('unpublishing at the origin withdraws it; a draft saved over the published item does not', async () => {
    const item = await news(district.xinhong, '原稿将撤销发布')
    const id = await submit('xinhongWriter', item)
    await step('minhangEditor', id, { state: 'accepted' })

    const draft = await as.xinhongWriter.patch(`/news/${item.id}?draft=true`, { summary: '未发布的修改' })
    expect(draft.status, text(draft)).toBe(200)
    expect((await record(id)).state).toBe('accepted')

    const unpublish = await as.xinhongEditor.patch(`/news/${item.id}`, { _status: 'draft' })
    expect(unpublish.status, text(unpublish)).toBe(200)
    const doc = await record(id)
    expect(doc.state).toBe('withdrawn')
    expect(doc.log!.at(-1)).toMatchObject({ action: '原稿变动，自动撤回', note: '原稿已撤销发布' })
  })

  it('deleting the item at the origin removes its record', async () => {
    const item = await news(district.xinhong, '原稿将被删除')
    const id = await submit('xinhongWriter', item)
    await step('minhangEditor', id, { state: 'accepted' })
    expect((await as.xinhongEditor.delete(`/news/${item.id}`)).status).toBe(200)
    const left = await cms.payload.find({ collection: 'co-publications', where: { id: { equals: id } }, depth: 0 })
    expect(left.docs).toEqual([])
  })
})

describe('site rebuilds', () => {
  it('accepting, taking back and withdrawing rebuild the parent’s site; a decision that shows nothing new does not', async () => {
    const { RebuildQueue, installRebuildQueue } = await import('../../cms/publishing/rebuildQueue')
    const built: string[] = []
    const queue = new RebuildQueue({
      build: async (slug) => (built.push(slug), { ok: true, output: '' }),
      debounceMs: 10,
      logger: { info: () => {}, error: () => {} },
      record: () => {},
    })
    installRebuildQueue(queue)
    try {
      const builds = async (action: () => Promise<unknown>) => {
        built.length = 0
        await action()
        await queue.idle()
        return [...built].sort()
      }
      const item = await news(district.xinhong, '重建测试新闻')
      const id = await submit('xinhongWriter', item)
      await queue.idle() // the item's own publication rebuilt its sites; only the decisions count below
      expect(await builds(() => step('minhangEditor', id, { state: 'declined', declineReason: '暂不采用' }))).toEqual([])
      expect(await builds(() => step('minhangEditor', id, { state: 'accepted' }))).toEqual(['minhang'])
      expect(await builds(() => step('minhangEditor', id, { state: 'declined', declineReason: '撤下' }))).toEqual(['minhang'])
      expect(await builds(() => step('minhangEditor', id, { state: 'accepted' }))).toEqual(['minhang'])
      expect(await builds(() => step('xinhongWriter', id, { state: 'withdrawn' }))).toEqual(['minhang'])
    } finally {
      installRebuildQueue(undefined)
    }
  })
})
