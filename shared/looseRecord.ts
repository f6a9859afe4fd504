/**
 * A document or JSON record whose shape is known only at run time — a file being imported, a
 * document being exported or previewed, read field by field after run-time checks.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- its values are checked where they are read
export type LooseRecord = Record<string, any>
