/** A multipart form as a browser sends it: fields, then files (field, file name, bytes, type; no file chosen: an empty name and no bytes). */
export function multipart(fields: Record<string, string>, files: readonly (readonly [string, string, Uint8Array, string?])[] = []): { payload: Buffer; contentType: string } {
  const boundary = '----competency-tracker-test-boundary'
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  for (const [name, fileName, bytes, type] of files) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${fileName}"\r\nContent-Type: ${type ?? (fileName === '' ? 'application/octet-stream' : 'application/json')}\r\n\r\n`),
      Buffer.from(bytes),
      Buffer.from('\r\n'),
    )
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}
