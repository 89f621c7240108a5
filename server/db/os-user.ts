import { readFile } from 'node:fs/promises'

export interface OsUser {
  readonly name: string
  /** As `child_process.spawn` takes them. */
  readonly ids: { readonly uid: number; readonly gid: number }
}

/** A user of the machine by name, from /etc/passwd (undefined when there is none). */
export async function osUser(name: string): Promise<OsUser | undefined> {
  const passwd = await readFile('/etc/passwd', 'utf8').catch(() => '')
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid] = line.split(':')
    if (user === name && uid !== undefined && gid !== undefined) return { name, ids: { uid: Number(uid), gid: Number(gid) } }
  }
  return undefined
}
