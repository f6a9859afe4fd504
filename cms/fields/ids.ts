/** A relationship value is an id, or a populated document when read with depth. */
export type RelationValue = number | string | { id: number | string } | null | undefined

export function relationId(value: RelationValue): number | string | null {
  if (value === null || value === undefined || value === '') return null
  return typeof value === 'object' ? value.id : value
}

export function relationIds(values: RelationValue[] | null | undefined): (number | string)[] {
  return (values ?? []).map(relationId).filter((id): id is number | string => id !== null)
}
