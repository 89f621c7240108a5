/**
 * A size as people read it: "10 MB", "640 KB".
 *
 * ```ts
 * formatBytes(10 * 1024 * 1024) // '10 MB'
 * ```
 */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`
}
